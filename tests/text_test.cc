// Tests of stage 1, text: ReadDocument on the 20 real Japanese PDFs (../shared/realpdfs), the five
// samples, every error kind, each text charset, and the helpers behind the warnings. Inputs that need
// qpdf or iconv come from tests/fixtures/make-fixtures.sh; broken inputs are made here in a temp dir.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "text/document_reader.h"
#include "text/pdf_text.h"
#include "text/text_checks.h"
#include "text/text_file.h"

namespace kensa {
namespace {

namespace fs = std::filesystem;

const fs::path kRealPdfs = fs::path(KENSA_SHARED_DIR) / "realpdfs";
const fs::path kSamples = fs::path(KENSA_SOURCE_DIR) / "samples";
const fs::path kFixtures = fs::path(KENSA_SOURCE_DIR) / "tests" / "fixtures";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteFile(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A fresh directory, removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "kensa-text-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

std::string AllText(const RawDocument& document) {
  std::string text;
  for (const Page& page : document.pages) text += page.text + "\n";
  return text;
}

// Removes ASCII and ideographic spaces and line ends: quotes are compared modulo layout whitespace.
std::string Squash(std::string_view text) {
  std::string out;
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    const char32_t cp = utf8::Next(text, pos);
    if (cp == ' ' || cp == '\n' || cp == '\t' || cp == 0x3000) continue;
    out.append(text.substr(start, pos - start));
  }
  return out;
}

// Runs sha256sum on the files and returns its hex digest per path.
std::map<std::string, std::string> Sha256Sum(const std::vector<fs::path>& files) {
  std::string command = "sha256sum";
  for (const fs::path& file : files) command += " '" + file.string() + "'";
  std::map<std::string, std::string> digests;
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return digests;
  char line[4096];
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    std::string entry(line);
    if (entry.size() < 67) continue;
    std::string path = entry.substr(66);
    while (!path.empty() && path.back() == '\n') path.pop_back();
    digests[path] = entry.substr(0, 64);
  }
  ::pclose(pipe);
  return digests;
}

// Captures what the process writes to stderr while body runs.
template <typename Body>
std::string CaptureStderr(Body body) {
  TempDir dir;
  const fs::path log = dir / "stderr.log";
  std::fflush(stderr);
  const int saved = ::dup(STDERR_FILENO);
  const int file = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ::dup2(file, STDERR_FILENO);
  body();
  std::fflush(stderr);
  ::dup2(saved, STDERR_FILENO);
  ::close(saved);
  ::close(file);
  return ReadFile(log);
}

// Each real PDF: its page count, text it must contain, and its exact warnings (prefixes).
struct RealPdf {
  const char* file;
  int pages;
  std::vector<std::string> snippets;
  std::vector<std::string> warnings;
};

const std::string kImageOnly =
    "no text layer: the PDF looks image-only (scanned); nothing can be read from it";

const std::vector<RealPdf>& RealPdfTable() {
  static const std::vector<RealPdf> table = {
      // Business and government documents, horizontal.
      {"0000196315-1-2.pdf", 2, {"基本診療料の施設基準等及びその届出に関する手続きの取扱いについて"}, {}},
      {"0000196315-379-380.pdf",
       2,
       {"重症者等療養環境特別加算の施設基準に係る届出書添付書類", "入院患者数及び重症者数"},
       {}},
      {"japanese_corp_tax.pdf",
       1,
       {"北海道 1.8 資本金１億円以下で、かつ法人税額年1,000万円以下の法人 1.0"},
       {}},
      {"issue16063.pdf",
       1,
       {"電線接続端子部が次のいずれにも該当しないとき。", "ａ ねじ止め端子であること。"},
       {}},
      {"issue16538.pdf", 1, {"マーケットモデルは 2 次元で説明する"}, {}},
      {"nlp2004slides.pdf", 31, {"固有表現の発見", "研究の背景"}, {}},
      // CMaps that need poppler-data: Shift_JIS, EUC, Identity without ToUnicode.
      {"issue13343.pdf", 2, {"(57)【要約】"}, {}},
      {"noembed-eucjp.pdf", 1, {"あいうえお"}, {}},
      {"issue5202.pdf", 1, {"𠮟る、𩸽、𠀋。"}, {}},
      // Vertical text: one glyph per line from poppler, joined back by JoinVerticalRuns.
      {"ginga-1.pdf", 16, {"銀河鉄道の夜", "ではみなさんは"}, {"no text on page 11"}},
      {"kokuji.pdf", 247, {"厚生労働省告示第五十五号"}, {}},
      {"jo.pdf", 1, {"わたくしといふ現象は假定された有機交流電燈の"}, {}},
      {"kampo.pdf", 1, {"歩行者は︑進行することができること︒"}, {}},  // owner password only
      {"issue6387.pdf", 1, {"あのイーハトーヴォのすきとおった風"}, {}},
      {"issue11555.pdf", 1, {"abcあいうabcあいう"}, {}},
      {"vertical.pdf", 3, {"あいうえお日本語"}, {"no text on pages 2-3"}},
      // Scans: an OCR layer, and an image with none.
      {"sample.pdf", 19, {"申し上げます。申し上げます。旦那さま。"}, {}},
      {"vf-hamano-1991.pdf", 6, {"Font について", "1991 年 8 月 30 日"}, {}},
      {"ocr_scan_test.pdf", 1, {}, {kImageOnly, "unreadable page 1: no text layer and OCR is off (--ocr never)"}},
      // A wrong ToUnicode map: plausible but wrong kanji.
      {"issue7696.pdf", 1, {"嘆囈貭鍔"},
       {"text layer looks garbled on page 1: 4 of 8 kanji", "unreadable page 1: a garbled text layer and OCR is off"}},
  };
  return table;
}

Result<RawDocument> Read(const fs::path& path) { return ReadDocument(path.string()); }

ErrorKind KindOf(const fs::path& path) {
  Result<RawDocument> result = Read(path);
  REQUIRE_FALSE(result.ok());
  const std::string message = result.status().message();               // status() returns a copy
  CHECK(message.find('\n') == std::string::npos);                      // one line
  CHECK(message.find(path.filename().string()) == std::string::npos);  // the caller names the file
  return result.status().kind();
}

std::string RandomBytes(size_t count, unsigned seed) {
  std::mt19937 generator(seed);
  std::string bytes(count, '\0');
  for (char& c : bytes) c = static_cast<char>(generator() & 0xFF);
  bytes[count / 2] = '\0';  // at least one NUL, as binary files have
  return bytes;
}

}  // namespace

TEST_CASE("text::Sha256Hex") {
  SUBCASE("FIPS 180-4 example vectors") {
    CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(Sha256Hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
  SUBCASE("agrees with sha256sum around the padding boundaries and on the real PDFs") {
    TempDir dir;
    std::vector<fs::path> files;
    for (size_t length : {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000}) {
      files.push_back(dir / ("len" + std::to_string(length)));
      WriteFile(files.back(), RandomBytes(length + 1, static_cast<unsigned>(length)).substr(0, length));
    }
    for (const RealPdf& pdf : RealPdfTable()) files.push_back(kRealPdfs / pdf.file);
    const std::map<std::string, std::string> expected = Sha256Sum(files);
    REQUIRE(expected.size() == files.size());
    for (const fs::path& file : files) {
      CAPTURE(file);
      CHECK(Sha256Hex(ReadFile(file)) == expected.at(file.string()));
    }
  }
  SUBCASE("a sample's digest, as kensa has always given it") {
    const fs::path sample = fs::path(KENSA_SOURCE_DIR) / "samples/002_ae363bfb9f19e15c.pdf";
    const std::string bytes = ReadFile(sample);
    CHECK(Sha256Hex(bytes) == "2822dc017e892aaddd38eec4512744db5a3777ecd2584d5f3923aa6bbfbd4284");
    Result<FileDigest> streamed = Sha256OfFile(sample.string());
    REQUIRE(streamed.ok());
    CHECK(streamed->sha256 == "2822dc017e892aaddd38eec4512744db5a3777ecd2584d5f3923aa6bbfbd4284");
    CHECK(streamed->size == static_cast<long long>(bytes.size()));
  }
}

TEST_CASE("text::Sha256OfFile") {
  TempDir dir;
  SUBCASE("read in pieces, the digest of the whole: empty, one byte, across the 1 MiB pieces") {
    for (size_t length : {size_t{0}, size_t{1}, size_t{1} << 20, (size_t{3} << 20) + 7}) {
      CAPTURE(length);
      const std::string bytes = RandomBytes(length + 1, static_cast<unsigned>(length)).substr(0, length);
      const fs::path file = dir / ("len" + std::to_string(length));
      WriteFile(file, bytes);
      Result<FileDigest> digest = Sha256OfFile(file.string());
      REQUIRE(digest.ok());
      CHECK(digest->sha256 == Sha256Hex(bytes));
      CHECK(digest->size == static_cast<long long>(length));
    }
  }
  SUBCASE("a million 'a' (FIPS 180-4)") {
    WriteFile(dir / "a", std::string(1000000, 'a'));
    Result<FileDigest> digest = Sha256OfFile((dir / "a").string());
    REQUIRE(digest.ok());
    CHECK(digest->sha256 == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
  SUBCASE("fails on what cannot be read") {
    Result<FileDigest> missing = Sha256OfFile((dir / "missing").string());
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.status().message() == "cannot open (No such file or directory)");
    fs::create_directory(dir / "folder");
    Result<FileDigest> directory = Sha256OfFile((dir / "folder").string());
    REQUIRE_FALSE(directory.ok());
    CHECK(directory.status().message() == "cannot read (Is a directory)");
  }
}

TEST_CASE("text::ReadDocument real PDFs") {
  std::set<std::string> on_disk;
  for (const auto& entry : fs::directory_iterator(kRealPdfs)) {
    if (entry.path().extension() == ".pdf") on_disk.insert(entry.path().filename().string());
  }
  std::set<std::string> in_table;
  for (const RealPdf& pdf : RealPdfTable()) in_table.insert(pdf.file);
  CHECK(on_disk == in_table);  // a PDF added to realpdfs/ needs a row here

  for (const RealPdf& pdf : RealPdfTable()) {
    CAPTURE(pdf.file);
    // The text layer as poppler reads it (OCR of the image-only and garbled pages: text_ocr_test).
    ReadOptions text_layer;
    text_layer.ocr = OcrMode::kNever;
    Result<RawDocument> document = ReadDocument((kRealPdfs / pdf.file).string(), text_layer);
    REQUIRE(document.ok());
    CHECK(document->format == "pdf");
    CHECK(document->size == static_cast<long long>(fs::file_size(kRealPdfs / pdf.file)));
    REQUIRE(document->pages.size() == static_cast<size_t>(pdf.pages));
    for (size_t i = 0; i < document->pages.size(); ++i) {
      CHECK(document->pages[i].number == static_cast<int>(i) + 1);
    }
    const std::string text = AllText(*document);
    for (const std::string& snippet : pdf.snippets) {
      CAPTURE(snippet);
      CHECK(text.find(snippet) != std::string::npos);
    }
    REQUIRE(document->warnings.size() == pdf.warnings.size());
    for (size_t i = 0; i < pdf.warnings.size(); ++i) {
      CHECK(document->warnings[i].starts_with(pdf.warnings[i]));
      CHECK(document->warnings[i].find('\n') == std::string::npos);
    }
  }
}

// A long PDF is read by two threads, each with its own poppler document: the same pages come back.
TEST_CASE("text::ReadPdfPages reads a long PDF on two threads as on one") {
  std::ifstream in(kRealPdfs / "kokuji.pdf", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Result<std::vector<Page>> two = text::ReadPdfPages(bytes);
  Result<std::vector<Page>> one = text::ReadPdfPages(bytes, /*one_thread=*/true);
  REQUIRE(two.ok());
  REQUIRE(one.ok());
  REQUIRE(two->size() == 247);
  REQUIRE(one->size() == two->size());
  size_t with_text = 0;
  for (size_t i = 0; i < one->size(); ++i) {
    CAPTURE(i);
    CHECK((*two)[i].number == static_cast<int>(i) + 1);
    CHECK((*two)[i].number == (*one)[i].number);
    CHECK((*two)[i].text == (*one)[i].text);
    with_text += !(*two)[i].text.empty();
  }
  CHECK(with_text > 200);
}

TEST_CASE("text::ReadDocument samples") {
  SUBCASE("page counts, no warnings, and every gold quote in the text (whitespace aside)") {
    const std::map<std::string, int> page_counts = {{"000_4eb37b3979d3b2f9", 7},
                                                    {"001_a875b5117596e9ca", 3},
                                                    {"002_ae363bfb9f19e15c", 5},
                                                    {"003_53560c7a911e6863", 7},
                                                    {"004_9a680ca3850dccf9", 3}};
    for (const auto& [base, pages] : page_counts) {
      CAPTURE(base);
      Result<RawDocument> document = Read(kSamples / (base + ".pdf"));
      REQUIRE(document.ok());
      CHECK(document->pages.size() == static_cast<size_t>(pages));
      CHECK(document->warnings.empty());
      const std::string all_text = Squash(AllText(*document));
      const auto expected = nlohmann::json::parse(ReadFile(kSamples / (base + ".expected.json")));
      CHECK(expected["document"]["path"] == "samples/" + base + ".pdf");
      for (const auto& [field, findings] : expected["fields"].items()) {
        for (const auto& finding : findings) {
          const std::string quote = finding["quote"].get<std::string>();
          CAPTURE(field);
          CAPTURE(quote);
          CHECK(all_text.find(Squash(quote)) != std::string::npos);
        }
      }
    }
  }
  SUBCASE("a table row keeps its label and its answer on one line (raw order)") {
    Result<RawDocument> document = Read(kSamples / "001_a875b5117596e9ca.pdf");
    REQUIRE(document.ok());
    const std::string text = AllText(*document);
    CHECK(text.find("サービス稼働率の目標値 99.90%\n") != std::string::npos);
    CHECK(text.find("利用者データのバックアップ実施インターバル 日次\n") != std::string::npos);
  }
}

TEST_CASE("text::ReadDocument errors") {
  TempDir dir;
  SUBCASE("missing path") { CHECK(KindOf(dir / "absent.pdf") == ErrorKind::kNotFound); }
  SUBCASE("broken symbolic link") {
    fs::create_symlink(dir / "absent.pdf", dir / "dangling.pdf");
    CHECK(KindOf(dir / "dangling.pdf") == ErrorKind::kNotFound);
    CHECK(Read(dir / "dangling.pdf").status().message().find("broken symbolic link") != std::string::npos);
  }
  SUBCASE("a symbolic link to a good PDF reads") {
    fs::create_symlink(kRealPdfs / "noembed-eucjp.pdf", dir / "link.pdf");
    CHECK(Read(dir / "link.pdf").ok());
  }
  SUBCASE("directory and device") {
    fs::create_directory(dir / "folder.pdf");
    CHECK(KindOf(dir / "folder.pdf") == ErrorKind::kNotRegularFile);
    CHECK(KindOf("/dev/null") == ErrorKind::kNotRegularFile);
  }
  SUBCASE("zero bytes") {
    WriteFile(dir / "empty.pdf", "");
    WriteFile(dir / "empty.txt", "");
    CHECK(KindOf(dir / "empty.pdf") == ErrorKind::kEmpty);
    CHECK(KindOf(dir / "empty.txt") == ErrorKind::kEmpty);
  }
  SUBCASE("a PDF with zero pages") { CHECK(KindOf(kFixtures / "zero-pages.pdf") == ErrorKind::kEmpty); }
  SUBCASE("random bytes named .pdf") {
    WriteFile(dir / "random.pdf", RandomBytes(4096, 1));
    CHECK(KindOf(dir / "random.pdf") == ErrorKind::kNotPdf);
    WriteFile(dir / "upper.PDF", "just some text, not a PDF\n");
    CHECK(KindOf(dir / "upper.PDF") == ErrorKind::kNotPdf);
  }
  SUBCASE("random bytes with any other name") {
    WriteFile(dir / "random.bin", RandomBytes(4096, 2));
    CHECK(KindOf(dir / "random.bin") == ErrorKind::kNotPdf);
    CHECK(Read(dir / "random.bin").status().message().starts_with("not a PDF or a text file"));
  }
  SUBCASE("truncated PDF") {
    const std::string sample = ReadFile(kSamples / "004_9a680ca3850dccf9.pdf");
    for (size_t percent : {10, 50, 99}) {
      CAPTURE(percent);
      WriteFile(dir / "truncated.pdf", std::string_view(sample).substr(0, sample.size() * percent / 100));
      CHECK(KindOf(dir / "truncated.pdf") == ErrorKind::kDamaged);
    }
  }
  SUBCASE("a header after leading junk is still a PDF") {
    WriteFile(dir / "junk-first.pdf", std::string(200, 'x') + "\n" + ReadFile(kRealPdfs / "issue16063.pdf"));
    Result<RawDocument> document = Read(dir / "junk-first.pdf");
    REQUIRE(document.ok());
    CHECK(AllText(*document).find("電線接続端子部") != std::string::npos);
    WriteFile(dir / "junk-far.pdf", std::string(2000, 'x') + "\n%PDF-1.4\n");
    CHECK(KindOf(dir / "junk-far.pdf") == ErrorKind::kNotPdf);
  }
  SUBCASE("user password") { CHECK(KindOf(kFixtures / "encrypted-user.pdf") == ErrorKind::kEncrypted); }
  SUBCASE("owner password only opens") {
    Result<RawDocument> document = Read(kFixtures / "encrypted-owner.pdf");
    REQUIRE(document.ok());
    CHECK(AllText(*document).find("𠮟る") != std::string::npos);
  }
  SUBCASE("poppler stays silent") {
    WriteFile(dir / "truncated.pdf", ReadFile(kSamples / "004_9a680ca3850dccf9.pdf").substr(0, 5000));
    const std::string noise = CaptureStderr([&] {
      CHECK_FALSE(Read(dir / "truncated.pdf").ok());
      CHECK(Read(kRealPdfs / "issue11555.pdf").ok());  // broken xref: poppler reconstructs it
    });
    CHECK(noise.empty());
  }
}

TEST_CASE("text::ReadDocument text files") {
  const std::string reference = ReadFile(kFixtures / "japanese.utf8.txt");
  const std::vector<Page> expected = text::SplitTextPages(reference);
  REQUIRE(expected.size() == 2);
  REQUIRE(expected[0].text.starts_with("クラウドサービス情報セキュリティ方針\n"));

  SUBCASE("each charset decodes to the same pages") {
    for (const std::string name :
         {"japanese.utf8.txt", "japanese.utf8-bom-crlf.txt", "japanese.eucjp.txt", "japanese.iso2022jp.txt",
          "japanese.utf16le-bom.txt", "japanese.utf16le.txt", "japanese.utf16be.txt"}) {
      CAPTURE(name);
      Result<RawDocument> document = Read(kFixtures / name);
      REQUIRE(document.ok());
      CHECK(document->format == "text");
      REQUIRE(document->pages.size() == 2);
      CHECK(document->pages[0].number == 1);
      CHECK(document->pages[1].number == 2);
      CHECK(document->pages[0].text == expected[0].text);
      CHECK(document->pages[1].text == expected[1].text);
      CHECK(document->warnings.empty());
    }
  }
  SUBCASE("Shift_JIS from Windows: CP932 characters, half-width kana, CRLF") {
    Result<RawDocument> document = Read(kFixtures / "windows.sjis.txt");
    REQUIRE(document.ok());
    REQUIRE(document->pages.size() == 1);
    CHECK(document->pages[0].text == ReadFile(kFixtures / "windows.utf8.txt"));
    CHECK(document->pages[0].text.find("①当社（㈱髙橋システム）") != std::string::npos);
    CHECK(document->pages[0].text.find('\r') == std::string::npos);
  }
  TempDir dir;
  SUBCASE("form feeds split pages; no form feed is one page") {
    WriteFile(dir / "one.txt", "一行目\r\n二行目\r三行目\n");
    Result<RawDocument> one = Read(dir / "one.txt");
    REQUIRE(one.ok());
    REQUIRE(one->pages.size() == 1);
    CHECK(one->pages[0].text == "一行目\n二行目\n三行目\n");

    WriteFile(dir / "three.txt", "一ページ目\n\f二ページ目\n\f三ページ目\n\f");
    Result<RawDocument> three = Read(dir / "three.txt");
    REQUIRE(three.ok());
    REQUIRE(three->pages.size() == 3);  // the final form feed opens no fourth page
    CHECK(three->pages[2].number == 3);
    CHECK(three->pages[1].text == "二ページ目\n");
  }
  SUBCASE("blank pages and blank files warn") {
    WriteFile(dir / "gap.txt", "本文\f\n\f本文\f  \f本文");
    Result<RawDocument> gap = Read(dir / "gap.txt");
    REQUIRE(gap.ok());
    REQUIRE(gap->pages.size() == 5);
    CHECK(gap->warnings == std::vector<std::string>{"no text on pages 2, 4"});

    WriteFile(dir / "blank.txt", " \n\n");
    Result<RawDocument> blank = Read(dir / "blank.txt");
    REQUIRE(blank.ok());
    CHECK(blank->warnings == std::vector<std::string>{"no text: the file holds only white space"});
  }
  SUBCASE("a text file that starts with %PDF- is read as a PDF") {
    WriteFile(dir / "notes.txt", "%PDF-1.4\nnot really\n");
    CHECK(KindOf(dir / "notes.txt") == ErrorKind::kDamaged);
  }
  SUBCASE("UTF-8 with a few invalid sequences is read, each replaced by U+FFFD, with a warning") {
    // A stray Latin-1 byte, a lone continuation byte, a character cut off at the end: 3 in ~600.
    const std::string text = reference + reference + reference + reference;
    WriteFile(dir / "bad.txt", text.substr(0, 21) + "caf\xE9\n" + text.substr(21) + "\x80\n" + "\xE5\xBE");
    Result<RawDocument> document = Read(dir / "bad.txt");
    REQUIRE(document.ok());
    CHECK(AllText(*document).find("caf\uFFFD\n") != std::string::npos);
    REQUIRE(document->warnings.size() == 1);
    CHECK(document->warnings[0] == "invalid UTF-8: 3 byte sequences replaced by U+FFFD (the first at byte 24)");
  }
  SUBCASE("text where more than 1 in 100 sequences are invalid is not text") {
    std::string mangled = reference;
    for (size_t i = 0; i < mangled.size(); i += 40) mangled[i] = '\xFF';
    WriteFile(dir / "mangled.txt", mangled);
    CHECK(KindOf(dir / "mangled.txt") == ErrorKind::kNotPdf);
  }
}

TEST_CASE("text::ReadDocument size limit") {
  TempDir dir;
  WriteFile(dir / "big.txt", std::string(3 << 20, 'a'));
  SUBCASE("over the limit: refused before reading") {
    Result<RawDocument> document = ReadDocument((dir / "big.txt").string(), ReadOptions{2 << 20});
    REQUIRE_FALSE(document.ok());
    CHECK(document.status().kind() == ErrorKind::kResourceLimit);
    CHECK(document.status().message() == "too large: 3 MiB, over the input size limit of 2 MiB (--max-size)");
  }
  SUBCASE("at or under the limit, or without one: read") {
    CHECK(ReadDocument((dir / "big.txt").string(), ReadOptions{3 << 20}).ok());
    CHECK(ReadDocument((dir / "big.txt").string()).ok());
  }
  SUBCASE("path errors come first") {
    CHECK(ReadDocument((dir / "absent.txt").string(), ReadOptions{1}).status().kind() == ErrorKind::kNotFound);
  }
}

TEST_CASE("text::JoinVerticalRuns") {
  SUBCASE("a run of four or more single glyphs becomes one line") {
    CHECK(text::JoinVerticalRuns("序\nわ\nた\nく\nし\n本文です") == "序わたくし\n本文です");
    CHECK(text::JoinVerticalRuns("a\nb\nc\nあ\nい") == "abcあい");
    CHECK(text::JoinVerticalRuns(" 第 \n一\n章\n︑") == "第一章︑");
  }
  SUBCASE("short runs, digits and ordinary lines stay") {
    CHECK(text::JoinVerticalRuns("有\n無\n有") == "有\n無\n有");
    CHECK(text::JoinVerticalRuns("1\n2\n3\n4\n5") == "1\n2\n3\n4\n5");
    CHECK(text::JoinVerticalRuns("９\n９\n．\n９") == "９\n９\n．\n９");
    CHECK(text::JoinVerticalRuns("一行目\n\n二行目\n") == "一行目\n\n二行目\n");
    CHECK(text::JoinVerticalRuns("") == "");
  }
}

TEST_CASE("text::TextLayerWarnings") {
  SUBCASE("common kanji are JIS X 0208 level 1") {
    int common = 0;
    for (char32_t cp = 0x4E00; cp <= 0x9FFF; ++cp) common += text::IsCommonKanji(cp) ? 1 : 0;
    CHECK(common == 2965);
    CHECK(text::IsCommonKanji(U'嘆'));
    CHECK(text::IsCommonKanji(U'鍔'));
    CHECK_FALSE(text::IsCommonKanji(U'囈'));
    CHECK_FALSE(text::IsCommonKanji(U'𠮟'));
  }
  SUBCASE("rare kanji flag a page only with enough kanji") {
    const std::vector<Page> garbled = {{1, "目標復旧時間は一時間です。"}, {2, "嘆囈貭鍔嘆囈貭鍔"}};
    const auto warnings = text::TextLayerWarnings(garbled, true);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].starts_with("text layer looks garbled on page 2: 4 of 8 kanji"));
    CHECK(text::TextLayerWarnings({{1, "𠮟る、𩸽、𠀋。"}}, true).empty());
  }
  SUBCASE("replacement, private-use and control characters") {
    const std::vector<Page> junk = {{1, "本文\uFFFD\uFFFD\uE000\x01です"}};
    const auto warnings = text::TextLayerWarnings(junk, true);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0] ==
          "text layer looks garbled on page 1: 4 of 8 characters are U+FFFD, private-use or "
          "control characters");
    CHECK(text::TextLayerWarnings({{1, std::string(100, 'a') + "\uFFFD\uFFFD\uFFFD"}}, true)
              .empty());  // under 5%
  }
  SUBCASE("page lists are compact") {
    CHECK(text::FormatPageList({3}) == "3");
    CHECK(text::FormatPageList({3, 7}) == "3, 7");
    CHECK(text::FormatPageList({1, 2, 3, 5, 7, 8}) == "1-3, 5, 7-8");
  }
}

}  // namespace kensa
