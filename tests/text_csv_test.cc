// Tests of the text stage's CSV reader (text/csv_reader.h): charsets, RFC 4180 quoting, separator
// detection, places, limits, and LooksLikeCsv on CSV, tab-separated text and Japanese prose.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "text/csv_reader.h"

namespace kensa::text {
namespace {

OfficeText Read(std::string_view bytes, char separator = 0) {
  Result<OfficeText> read = ReadCsv(bytes, separator);
  INFO(read.status().message());
  REQUIRE(read.ok());
  REQUIRE(read->pages.size() == 1);
  return std::move(read).value();
}

std::vector<std::string> Lines(const Page& page) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(page.text);
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// Returns the name of the cell whose text starts at `text`'s first occurrence, or "".
std::string CellAt(const Page& page, std::string_view text) {
  const size_t offset = page.text.find(text);
  for (const SourcePlace& place : page.places) {
    if (place.offset == offset) return place.cell;
  }
  return "";
}

TEST_CASE("csv: UTF-8 with a byte order mark, fields joined by tabs, places named like cells") {
  const OfficeText text = Read("\xEF\xBB\xBF項目,回答,備考\r\n暗号化,対応,AES-256\r\n\r\nバックアップ,毎日,,\r\n,,,\r\n,RPO,1時間");
  const Page& page = text.pages[0];
  CHECK(page.number == 1);
  CHECK(Lines(page) == std::vector<std::string>{"項目\t回答\t備考", "暗号化\t対応\tAES-256", "バックアップ\t毎日", "\tRPO\t1時間"});
  CHECK(text.warnings.empty());
  CHECK(CellAt(page, "項目") == "A1");
  CHECK(CellAt(page, "AES-256") == "C2");
  CHECK(CellAt(page, "バックアップ") == "A4");  // record 3 is blank: rows count as Excel numbers them
  CHECK(CellAt(page, "RPO") == "B6");
  CHECK(CellAt(page, "1時間") == "C6");
  CHECK(page.places.size() == 10);
  for (size_t i = 1; i < page.places.size(); ++i) CHECK(page.places[i].offset > page.places[i - 1].offset);
}

TEST_CASE("csv: CP932 (Shift_JIS) is decoded") {
  // "項目,回答,備考\r\nデータの暗号化,対応しています,保存時と通信時の両方で暗号化します\r\n
  //  バックアップ,毎日取得,東日本と西日本のデータセンターに保管します\r\n" in CP932.
  const std::string bytes =
      "\x8D\x80\x96\xDA\x2C\x89\xF1\x93\x9A\x2C\x94\xF5\x8D\x6C\x0D\x0A\x83\x66\x81\x5B\x83\x5E\x82\xCC\x88\xC3\x8D"
      "\x86\x89\xBB\x2C\x91\xCE\x89\x9E\x82\xB5\x82\xC4\x82\xA2\x82\xDC\x82\xB7\x2C\x95\xDB\x91\xB6\x8E\x9E\x82\xC6"
      "\x92\xCA\x90\x4D\x8E\x9E\x82\xCC\x97\xBC\x95\xFB\x82\xC5\x88\xC3\x8D\x86\x89\xBB\x82\xB5\x82\xDC\x82\xB7\x0D"
      "\x0A\x83\x6F\x83\x62\x83\x4E\x83\x41\x83\x62\x83\x76\x2C\x96\x88\x93\xFA\x8E\xE6\x93\xBE\x2C\x93\x8C\x93\xFA"
      "\x96\x7B\x82\xC6\x90\xBC\x93\xFA\x96\x7B\x82\xCC\x83\x66\x81\x5B\x83\x5E\x83\x5A\x83\x93\x83\x5E\x81\x5B\x82"
      "\xC9\x95\xDB\x8A\xC7\x82\xB5\x82\xDC\x82\xB7\x0D\x0A";
  const OfficeText text = Read(bytes);
  CHECK(Lines(text.pages[0]) == std::vector<std::string>{
                                    "項目\t回答\t備考",
                                    "データの暗号化\t対応しています\t保存時と通信時の両方で暗号化します",
                                    "バックアップ\t毎日取得\t東日本と西日本のデータセンターに保管します"});
  CHECK(CellAt(text.pages[0], "東日本") == "C3");
}

TEST_CASE("csv: quoted fields hold separators, line ends and doubled quotes") {
  const OfficeText text = Read(
      "質問,回答\r\n"
      "\"暗号化の方式は?\",\"AES-256, TLS 1.2以上\"\r\n"
      "\"保存場所\",\"東京\r\n大阪\"\r\n"
      "\"名称\",\"\"\"kensa\"\" クラウド\"\n"
      "\"タブ\tを含む\",\"\"\n"
      "末尾,\"引用の後\"の文字\r"
      "最後の行,値");
  const Page& page = text.pages[0];
  CHECK(Lines(page) == std::vector<std::string>{"質問\t回答", "暗号化の方式は?\tAES-256, TLS 1.2以上", "保存場所\t東京 大阪",
                                                "名称\t\"kensa\" クラウド", "タブ を含む", "末尾\t引用の後の文字",
                                                "最後の行\t値"});
  CHECK(CellAt(page, "東京 大阪") == "B3");
  CHECK(CellAt(page, "最後の行") == "A7");
  CHECK(text.warnings.empty());
}

TEST_CASE("csv: an unterminated quote reads to the end, with a warning") {
  const OfficeText text = Read("a,b\n\"c,d\ne,f\n");
  CHECK(Lines(text.pages[0]) == std::vector<std::string>{"a\tb", "c,d e,f "});
  REQUIRE(text.warnings.size() == 1);
  CHECK(text.warnings[0] == "CSV: the quoted field opened in record 2 is never closed; it runs to the end of the file");
}

TEST_CASE("csv: the separator is detected (',' ';' tab) or given") {
  CHECK(Lines(Read("項目;回答;備考\n暗号化;対応;AES-256, TLS\n監査;年1回;外部\n").pages[0]) ==
        std::vector<std::string>{"項目\t回答\t備考", "暗号化\t対応\tAES-256, TLS", "監査\t年1回\t外部"});
  CHECK(Lines(Read("項目,回答;備考\n暗号化,対応;あり\n監査,年1回\n").pages[0]) ==
        std::vector<std::string>{"項目\t回答;備考", "暗号化\t対応;あり", "監査\t年1回"});
  CHECK(Lines(Read("項目\t回答\n暗号化\t対応, あり\n監査\t\"年1回\"\n").pages[0]) ==
        std::vector<std::string>{"項目\t回答", "暗号化\t対応, あり", "監査\t年1回"});
  // Quoted separators do not count: ',' is in every record but only ';' outside quotes.
  CHECK(Lines(Read("\"a,b\";c\n\"d,e\";f\n").pages[0]) == std::vector<std::string>{"a,b\tc", "d,e\tf"});
  // One column: no separator at all.
  CHECK(Lines(Read("一列目\n二列目\n").pages[0]) == std::vector<std::string>{"一列目", "二列目"});
  // Given: ';' although ',' is more consistent.
  CHECK(Lines(Read("a,b;c\nd,e;f\n", ';').pages[0]) == std::vector<std::string>{"a,b\tc", "d,e\tf"});
}

TEST_CASE("csv: limits on a record's size and fields") {
  SUBCASE("a record over 1 MiB") {
    const Result<OfficeText> read = ReadCsv("a,b\n\"" + std::string((1u << 20) + 10, 'x') + "\"\n");
    REQUIRE(!read.ok());
    CHECK(read.status().kind() == ErrorKind::kResourceLimit);
    CHECK(read.status().message() == "CSV record 2 is over 1 MiB");
  }
  SUBCASE("more than 16,384 fields") {
    const Result<OfficeText> read = ReadCsv("a,b\n" + std::string(16384, ',') + "\n");
    REQUIRE(!read.ok());
    CHECK(read.status().kind() == ErrorKind::kResourceLimit);
    CHECK(read.status().message() == "CSV record 2 has more than 16,384 fields");
  }
  SUBCASE("16,384 fields are fine") {
    CHECK(ReadCsv("a,b\n" + std::string(16383, ',') + "x\n").ok());
  }
  SUBCASE("binary bytes are not text") {
    CHECK(ReadCsv(std::string("\x00\x01\x02\x03,\x04", 6)).status().kind() == ErrorKind::kNotPdf);
  }
}

TEST_CASE("csv: LooksLikeCsv") {
  CHECK(LooksLikeCsv("項目,回答,備考\n暗号化,対応,AES-256\n監査,年1回,外部\n"));
  CHECK(LooksLikeCsv("a,b\r\nc,d\r\n\r\ne,f\r\n"));
  // A quoted comma does not count; a line end inside quotes does not end the record.
  CHECK(LooksLikeCsv("名称,説明\n\"A\",\"一,二\"\n\"B\",\"三\n四\"\n\"C\",\"五\"\n"));
  // 4 of 5 records (80%) agree.
  CHECK(LooksLikeCsv("a,b\nc,d\ne,f\ng,h\ni,j,k\n"));
  CHECK_FALSE(LooksLikeCsv("a,b\nc,d\ne,f\ng,h,i\ni,j,k\n"));
  // Too few records.
  CHECK_FALSE(LooksLikeCsv("a,b\nc,d\n"));
  // Tab-separated text is the text reader's, even with a comma per line.
  CHECK_FALSE(LooksLikeCsv("項目\t回答\n暗号化\tAES-256, TLS\n監査\t年1回, 外部\n"));
  // Japanese prose with a comma here and there.
  CHECK_FALSE(LooksLikeCsv(
      "当社は、お客様のデータを国内のデータセンターで保管しています。\n"
      "バックアップは毎日取得し, 7世代を保持します。\n"
      "\n"
      "暗号化にはAES-256を使用し、通信はTLS 1.2以上で保護します。\n"
      "監査は年1回、外部の監査法人(A監査法人, B監査法人)が実施します。\n"
      "障害時の連絡は、電子メールで行います。\n"));
  CHECK_FALSE(LooksLikeCsv(""));
  CHECK_FALSE(LooksLikeCsv("一行\n二行\n三行\n"));
}

}  // namespace
}  // namespace kensa::text
