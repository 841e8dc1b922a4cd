// Tests of the text stage's Word reader (text/docx_reader.h): small .docx files whose parts are
// written here as XML and zipped with libzip, one case per feature, and tests/fixtures/office/
// checklist.docx, made by python-docx (tests/fixtures/office/make_docx_fixture.py).
#include <doctest/doctest.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "text/docx_reader.h"

namespace kensa::text {
namespace {

namespace fs = std::filesystem;

using Parts = std::vector<std::pair<std::string, std::string>>;

// Returns a zip archive (in memory) holding the parts.
std::string Zip(const Parts& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  REQUIRE(buffer != nullptr);
  zip_source_keep(buffer);
  zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  REQUIRE(zip != nullptr);
  for (const auto& [name, data] : parts) {
    zip_source_t* source = zip_source_buffer(zip, data.data(), data.size(), 0);
    REQUIRE(source != nullptr);
    REQUIRE(zip_file_add(zip, name.c_str(), source, ZIP_FL_ENC_UTF_8) >= 0);
  }
  REQUIRE(zip_close(zip) == 0);
  REQUIRE(zip_source_open(buffer) == 0);
  zip_source_seek(buffer, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(buffer);
  zip_source_seek(buffer, 0, SEEK_SET);
  std::string bytes(static_cast<size_t>(size), '\0');
  REQUIRE(zip_source_read(buffer, bytes.data(), static_cast<zip_uint64_t>(size)) == size);
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return bytes;
}

constexpr std::string_view kNamespaces =
    R"(xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" )"
    R"(xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" )"
    R"(xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" )"
    R"(xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" )"
    R"(xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" )"
    R"(xmlns:v="urn:schemas-microsoft-com:vml")";

std::string Part(std::string_view root, std::string_view content) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)") + "\n<w:" + std::string(root) +
         " " + std::string(kNamespaces) + ">" + std::string(content) + "</w:" + std::string(root) + ">";
}

std::string DocumentXml(std::string_view body) { return Part("document", "<w:body>" + std::string(body) + "</w:body>"); }

// A .docx with word/document.xml holding body, and styles.xml and numbering.xml when given (found at
// their default paths: no relationships part).
std::string Docx(std::string_view body, std::string_view styles = "", std::string_view numbering = "") {
  Parts parts = {{"[Content_Types].xml", R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)"},
                 {"word/document.xml", DocumentXml(body)}};
  if (!styles.empty()) parts.emplace_back("word/styles.xml", Part("styles", styles));
  if (!numbering.empty()) parts.emplace_back("word/numbering.xml", Part("numbering", numbering));
  return Zip(parts);
}

// A paragraph of one run, with paragraph properties when given.
std::string P(std::string_view text, std::string_view properties = "") {
  std::string p = "<w:p>";
  if (!properties.empty()) p += "<w:pPr>" + std::string(properties) + "</w:pPr>";
  if (!text.empty()) p += "<w:r><w:t xml:space=\"preserve\">" + std::string(text) + "</w:t></w:r>";
  return p + "</w:p>";
}

std::string Styled(std::string_view style, std::string_view text) {
  return P(text, "<w:pStyle w:val=\"" + std::string(style) + "\"/>");
}

// A table cell holding text, with cell properties when given.
std::string Tc(std::string_view text, std::string_view properties = "") {
  std::string tc = "<w:tc>";
  if (!properties.empty()) tc += "<w:tcPr>" + std::string(properties) + "</w:tcPr>";
  return tc + P(text) + "</w:tc>";
}

std::string Tr(std::initializer_list<std::string> cells) {
  std::string tr = "<w:tr>";
  for (const std::string& cell : cells) tr += cell;
  return tr + "</w:tr>";
}

std::string Tbl(std::initializer_list<std::string> rows) {
  std::string tbl = "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w=\"100\"/></w:tblGrid>";
  for (const std::string& row : rows) tbl += row;
  return tbl + "</w:tbl>";
}

OfficeText Read(const std::string& docx) {
  Result<OfficeText> read = ReadDocx(docx);
  INFO(read.status().message());
  REQUIRE(read.ok());
  return std::move(read).value();
}

std::vector<std::string> Lines(const Page& page) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(page.text);
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// Checks what every page's places must satisfy: ascending offsets inside the text, each at the start
// of a line or of a cell.
void CheckPlaces(const OfficeText& text) {
  for (const Page& page : text.pages) {
    for (size_t i = 0; i < page.places.size(); ++i) {
      const size_t offset = page.places[i].offset;
      CHECK(offset < page.text.size());
      if (i > 0) CHECK(offset > page.places[i - 1].offset);
      if (offset > 0) CHECK((page.text[offset - 1] == '\n' || page.text[offset - 1] == '\t'));
    }
  }
}

// Returns the place whose text starts with `text` (the first one), or a default place.
SourcePlace PlaceOf(const Page& page, std::string_view text) {
  for (const SourcePlace& place : page.places) {
    if (std::string_view(page.text).substr(place.offset).starts_with(text)) return place;
  }
  FAIL("no place starts with " << text);
  return {};
}

TEST_CASE("docx: paragraphs are lines of one page, each with its place") {
  const OfficeText text = Read(Docx(P("第一段落です。") +
                                    "<w:p><w:r><w:t>前半</w:t></w:r><w:proofErr w:type=\"spellStart\"/>"
                                    "<w:bookmarkStart w:id=\"0\" w:name=\"x\"/><w:r><w:t xml:space=\"preserve\">と 後半</w:t></w:r>"
                                    "<w:bookmarkEnd w:id=\"0\"/><w:commentRangeStart w:id=\"1\"/><w:commentRangeEnd w:id=\"1\"/>"
                                    "<w:r><w:commentReference w:id=\"1\"/></w:r></w:p>" +
                                    P("") + P("三つ目")));
  REQUIRE(text.pages.size() == 1);
  const Page& page = text.pages[0];
  CHECK(page.number == 1);
  CHECK(page.text == "第一段落です。\n前半と 後半\n\n三つ目");
  CHECK(text.warnings.empty());
  REQUIRE(page.places.size() == 3);  // the empty paragraph has no text to place
  CHECK(page.places[0].paragraph == 1);
  CHECK(page.places[1].paragraph == 2);
  CHECK(page.places[2].paragraph == 4);
  CHECK(page.places[2].table == 0);
  CHECK(page.places[2].cell.empty());
  CHECK(PlaceOf(page, "三つ目").offset == page.text.find("三つ目"));
  CheckPlaces(text);
}

TEST_CASE("docx: a tab in a paragraph is two spaces, a line break a new line") {
  const OfficeText text = Read(Docx(
      "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"2000\"/></w:tabs></w:pPr>"
      "<w:r><w:t>取得頻度</w:t><w:tab/><w:t>毎日</w:t></w:r></w:p>"
      "<w:p><w:r><w:t>一行目</w:t><w:br/><w:t>二行目</w:t><w:cr/><w:t>三行目</w:t></w:r></w:p>"));
  const Page& page = text.pages.at(0);
  CHECK(Lines(page) == std::vector<std::string>{"取得頻度  毎日", "一行目", "二行目", "三行目"});
  // Every line has a place; the wrapped ones carry their paragraph's number.
  CHECK(PlaceOf(page, "二行目").paragraph == 2);
  CHECK(PlaceOf(page, "三行目").paragraph == 2);
  CheckPlaces(text);
}

TEST_CASE("docx: page breaks, pageBreakBefore and next-page section breaks start pages") {
  const std::string section_next = "<w:sectPr><w:type w:val=\"nextPage\"/></w:sectPr>";
  const std::string section_default = "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr>";
  const std::string section_continuous = "<w:sectPr><w:type w:val=\"continuous\"/></w:sectPr>";
  const OfficeText text = Read(Docx(
      P("一頁目") + "<w:p><w:r><w:t>前</w:t><w:br w:type=\"page\"/><w:t>二頁目</w:t></w:r></w:p>" +
      P("三頁目", "<w:pageBreakBefore/>") + P("節の終わり", section_next) + P("四頁目", section_continuous) +
      P("四頁目の続き", section_default) + P("五頁目") + P("改頁だけの段落の前") +
      "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>" + P("六頁目") + P("", section_next) +
      "<w:sectPr><w:type w:val=\"nextPage\"/></w:sectPr>"));
  REQUIRE(text.pages.size() == 6);  // the empty seventh page at the end is dropped
  CHECK(text.pages[0].text == "一頁目\n前");
  CHECK(text.pages[1].text == "二頁目");
  CHECK(text.pages[2].text == "三頁目\n節の終わり");
  CHECK(text.pages[3].text == "四頁目\n四頁目の続き");
  CHECK(text.pages[4].text == "五頁目\n改頁だけの段落の前");
  CHECK(text.pages[5].text == "六頁目\n");
  for (size_t i = 0; i < text.pages.size(); ++i) CHECK(text.pages[i].number == static_cast<int>(i) + 1);
  CHECK(PlaceOf(text.pages[1], "二頁目").paragraph == 2);
  CHECK(PlaceOf(text.pages[1], "二頁目").offset == 0);
  CheckPlaces(text);

  // pageBreakBefore on the first paragraph does not leave an empty first page.
  const OfficeText first = Read(Docx(P("最初", "<w:pageBreakBefore/>") + P("次")));
  REQUIRE(first.pages.size() == 1);
  CHECK(first.pages[0].text == "最初\n次");
}

const std::string kHeadingStyles = R"(
  <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>
    <w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="Heading 2"/><w:basedOn w:val="a"/></w:style>
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
  <w:style w:type="paragraph" w:styleId="Corporate"><w:name w:val="社内見出し"/><w:basedOn w:val="Heading2"/></w:style>
  <w:style w:type="paragraph" w:styleId="Deeper"><w:name w:val="Deeper"/><w:basedOn w:val="Corporate"/></w:style>
  <w:style w:type="paragraph" w:styleId="Outline"><w:name w:val="Outline"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Body Text"/><w:basedOn w:val="1"/>
    <w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="LoopA"><w:name w:val="Loop A"/><w:basedOn w:val="LoopB"/></w:style>
  <w:style w:type="paragraph" w:styleId="LoopB"><w:name w:val="Loop B"/><w:basedOn w:val="LoopA"/></w:style>
  <w:style w:type="character" w:styleId="Heading1Char"><w:name w:val="heading 1 Char"/></w:style>)";

TEST_CASE("docx: headings by style, basedOn and outline level get a marker unless numbered") {
  const OfficeText text = Read(Docx(
      Styled("Title", "チェックシート") + Styled("1", "概要") + Styled("1", "2.1 暗号化") + Styled("1", "第3章 運用") +
          Styled("1", "【付録】") + Styled("Heading2", "バックアップ") + Styled("Corporate", "社内見出しの節") +
          Styled("Deeper", "二段の継承") + Styled("Outline", "アウトライン") + P("段落の見出し", "<w:outlineLvl w:val=\"1\"/>") +
          Styled("BodyText", "本文（見出しを継承しない）") + P("本文", "<w:pStyle w:val=\"1\"/><w:outlineLvl w:val=\"9\"/>") +
          Styled("LoopA", "循環") + Styled("a", "普通の段落") + P("スタイルなし") + Styled("Missing", "未定義のスタイル") +
          Styled("1", ""),
      kHeadingStyles));
  CHECK(Lines(text.pages.at(0)) == std::vector<std::string>{
                                       "■ チェックシート", "■ 概要", "2.1 暗号化", "第3章 運用", "【付録】",
                                       "■ バックアップ", "■ 社内見出しの節", "■ 二段の継承", "■ アウトライン",
                                       "■ 段落の見出し", "本文（見出しを継承しない）", "本文", "循環", "普通の段落",
                                       "スタイルなし", "未定義のスタイル"});
  CHECK(PlaceOf(text.pages[0], "■ 概要").paragraph == 2);
  CheckPlaces(text);
}

const std::string kNumbering = R"xml(
  <w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl></w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>
      <w:pPr><w:tabs><w:tab w:val="num" w:pos="420"/></w:tabs></w:pPr></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/>
      <mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="01, 02, 03, ..."/></mc:Choice>
      <mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>
      <w:lvlText w:val="%1.%2."/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl></w:abstractNum>
  <w:abstractNum w:abstractNumId="2">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedParen"/><w:lvlText w:val="%1"/></w:lvl></w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>)xml";

const std::string kListStyles = R"(
  <w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/>
    <w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/>
    <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>)";

std::string Item(int num_id, int level, std::string_view text) {
  return P(text, "<w:numPr><w:ilvl w:val=\"" + std::to_string(level) + "\"/><w:numId w:val=\"" + std::to_string(num_id) +
                     "\"/></w:numPr>");
}

TEST_CASE("docx: bullet and numbered lists get their marker and number") {
  const OfficeText text = Read(Docx(
      Item(1, 0, "箇条書き一") + Item(1, 1, "箇条書きの下") + Item(2, 0, "取得する") + Item(2, 0, "暗号化する") +
          Item(2, 1, "鍵を作る") + Item(2, 1, "鍵を使う") + Item(2, 2, "英字の項目") + Item(2, 0, "転送する") +
          Item(2, 1, "再び一から") + Item(3, 0, "五から始まる") + Item(4, 0, "括弧付き") + Item(0, 0, "番号なし") +
          Item(9, 0, "未定義の番号") + Styled("ListNumber", "スタイルの番号") + Styled("ListBullet", "スタイルの箇条書き") +
          P("段落で番号を外す", "<w:pStyle w:val=\"ListNumber\"/><w:numPr><w:numId w:val=\"0\"/></w:numPr>"),
      kListStyles, kNumbering));
  CHECK(Lines(text.pages.at(0)) ==
        std::vector<std::string>{"・箇条書き一", "・箇条書きの下", "1. 取得する", "2. 暗号化する", "2.1. 鍵を作る",
                                 "2.2. 鍵を使う", "・英字の項目", "3. 転送する", "3.1. 再び一から", "5. 五から始まる",
                                 "(1) 括弧付き", "番号なし", "未定義の番号", "4. スタイルの番号", "・スタイルの箇条書き",
                                 "段落で番号を外す"});
  CHECK(PlaceOf(text.pages[0], "2. 暗号化する").paragraph == 4);
  CheckPlaces(text);
}

TEST_CASE("docx: table rows are lines of tab-joined cells; gridSpan and vMerge line up") {
  const std::string table = Tbl({
      Tr({Tc("項目"), Tc("回答"), Tc("備考")}),
      Tr({Tc("可用性", "<w:vMerge w:val=\"restart\"/>"), Tc("99.95%"), Tc("")}),
      Tr({Tc("", "<w:vMerge/>"), Tc("月次で報告"), Tc("")}),
      Tr({Tc("", "<w:vMerge w:val=\"continue\"/>"), Tc("SLA あり")}),
      Tr({Tc("暗号化", "<w:gridSpan w:val=\"2\"/>"), Tc("AES-256")}),
      "<w:tr><w:tc>" + P("複数の") + P("") + "<w:p><w:r><w:t>段落</w:t><w:tab/><w:t>と</w:t><w:br/><w:t>改行</w:t></w:r></w:p>" +
          "</w:tc>" + Tc("") + Tc("") + "</w:tr>",
      Tr({Tc(""), Tc("")}),
      "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" + Tc("右寄せ") + "</w:tr>",
  });
  const OfficeText text = Read(Docx(P("表の前") + table + P("表の後")));
  const Page& page = text.pages.at(0);
  CHECK(Lines(page) == std::vector<std::string>{"表の前", "項目\t回答\t備考", "可用性\t99.95%", "可用性\t月次で報告",
                                                "可用性\tSLA あり", "暗号化\t\tAES-256", "複数の。段落 と。改行", "\t右寄せ",
                                                "表の後"});
  const SourcePlace answer = PlaceOf(page, "99.95%");
  CHECK(answer.cell == "B2");
  CHECK(answer.table == 1);
  CHECK(answer.paragraph == 0);
  CHECK(PlaceOf(page, "可用性\t月次").cell == "A3");
  CHECK(PlaceOf(page, "AES-256").cell == "C5");
  CHECK(PlaceOf(page, "右寄せ").cell == "B8");
  // Paragraphs in cells are not body paragraphs: the one after the table is the second.
  CHECK(PlaceOf(page, "表の後").paragraph == 2);
  CheckPlaces(text);
}

TEST_CASE("docx: a nested table's rows follow the row holding it, numbered as tables of their own") {
  const std::string nested = Tbl({Tr({Tc("内側1"), Tc("値1")}), Tr({Tc("内側2"), Tc("値2")})});
  const std::string outer = Tbl({
      Tr({Tc("外側"), "<w:tc>" + P("説明") + nested + P("") + "</w:tc>", Tc("外側の三列目")}),
      Tr({Tc("次の行"), Tc("値")}),
  });
  const OfficeText text = Read(Docx(outer + Tbl({Tr({Tc("別の表")})})));
  const Page& page = text.pages.at(0);
  CHECK(Lines(page) == std::vector<std::string>{"外側\t説明\t外側の三列目", "内側1\t値1", "内側2\t値2", "次の行\t値", "別の表"});
  CHECK(PlaceOf(page, "外側\t").table == 1);
  CHECK(PlaceOf(page, "外側の三列目").cell == "C1");
  CHECK(PlaceOf(page, "内側2").table == 2);
  CHECK(PlaceOf(page, "値2").cell == "B2");
  CHECK(PlaceOf(page, "次の行").table == 1);
  CHECK(PlaceOf(page, "次の行").cell == "A2");
  CHECK(PlaceOf(page, "別の表").table == 3);
  CheckPlaces(text);
}

// A run holding a text box as Word 2010 writes it: a DrawingML shape, and a VML copy as fallback.
std::string TextBoxRun(std::string_view content) {
  return "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData>"
         "<wps:wsp><wps:txbx><w:txbxContent>" +
         std::string(content) +
         "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
         "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>" +
         std::string(content) + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>";
}

TEST_CASE("docx: a text box's paragraphs follow the paragraph anchoring it, once") {
  const std::string box = P("枠内の一行目") + P("枠内の二行目");
  const OfficeText text = Read(Docx(P("前の段落") + "<w:p><w:r><w:t>アンカー</w:t></w:r>" + TextBoxRun(box) +
                                    "<w:r><w:t>の続き</w:t></w:r></w:p>" + P("後の段落") +
                                    "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>" + P("VML だけの枠") +
                                    "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>" +
                                    Tbl({Tr({Tc("表"), "<w:tc><w:p><w:r><w:t>セル</w:t></w:r>" +
                                                         TextBoxRun(P("セルの枠")) + "</w:p></w:tc>"})})));
  const Page& page = text.pages.at(0);
  CHECK(Lines(page) == std::vector<std::string>{"前の段落", "アンカーの続き", "枠内の一行目", "枠内の二行目", "後の段落", "",
                                                "VML だけの枠", "表\tセル", "セルの枠"});
  CHECK(PlaceOf(page, "枠内の二行目").paragraph == 2);
  CHECK(PlaceOf(page, "VML だけの枠").paragraph == 4);
  CHECK(PlaceOf(page, "セルの枠").cell == "B1");
  CHECK(PlaceOf(page, "セルの枠").table == 1);
  CHECK(PlaceOf(page, "後の段落").paragraph == 3);
  CheckPlaces(text);
}

TEST_CASE("docx: deleted text, field instructions, ruby and placeholders are left out") {
  const OfficeText text = Read(Docx(
      "<w:p><w:r><w:t>保存期間は</w:t></w:r><w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>30日</w:delText></w:r></w:del>"
      "<w:ins w:id=\"2\" w:author=\"a\"><w:r><w:t>90日</w:t></w:r></w:ins><w:r><w:t>です。</w:t></w:r></w:p>"
      "<w:p><w:r><w:t>移動</w:t></w:r><w:moveFrom w:id=\"3\"><w:r><w:t>元の位置</w:t></w:r></w:moveFrom></w:p>"
      // A complex field: PAGE's instruction hidden, its result shown; a nested field inside a result.
      "<w:p><w:r><w:t xml:space=\"preserve\">ページ </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
      "<w:r><w:instrText xml:space=\"preserve\"> PAGE \\* MERGEFORMAT </w:instrText></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
      "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>IF </w:instrText></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>DATE</w:instrText></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>内側の結果</w:t></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:instrText> = 1 \"a\"</w:instrText></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>外側の結果</w:t></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
      "<w:p><w:fldSimple w:instr=\" NUMPAGES \"><w:r><w:t>12</w:t></w:r></w:fldSimple></w:p>"
      "<w:p><w:hyperlink w:anchor=\"x\"><w:r><w:t>リンク</w:t></w:r></w:hyperlink></w:p>"
      "<w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>あんごう</w:t></w:r></w:rt>"
      "<w:rubyBase><w:r><w:t>暗号</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>"
      "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>" +
      P("ここをクリックしてテキストを入力してください。") +
      "</w:sdtContent></w:sdt>"
      "<w:sdt><w:sdtPr><w:alias w:val=\"回答\"/></w:sdtPr><w:sdtContent>" +
      P("入力済みの回答") + "</w:sdtContent></w:sdt>"));
  CHECK(Lines(text.pages.at(0)) == std::vector<std::string>{"保存期間は90日です。", "移動", "ページ 3", "外側の結果", "12",
                                                            "リンク", "暗号", "", "入力済みの回答"});
}

TEST_CASE("docx: the main part is found through the package's relationships") {
  const std::string rels = R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
      <Relationship Id="rId9" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
      <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/main.xml"/></Relationships>)";
  const std::string document_rels = R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
      <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="../word/./my-styles.xml"/>
      <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/" TargetMode="External"/></Relationships>)";
  const OfficeText text = Read(Zip({{"_rels/.rels", rels},
                                    {"word/_rels/main.xml.rels", document_rels},
                                    {"word/main.xml", DocumentXml(Styled("1", "見出し") + P("本文"))},
                                    {"word/my-styles.xml", Part("styles", kHeadingStyles)},
                                    {"word/document.xml", DocumentXml(P("使われない"))}}));
  CHECK(text.pages.at(0).text == "■ 見出し\n本文");
}

TEST_CASE("docx: broken and hostile files fail with one line") {
  SUBCASE("a DOCTYPE is refused before any entity is expanded") {
    const std::string xml = R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>)"
                            R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
                            R"(<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>)";
    const Result<OfficeText> read = ReadDocx(Zip({{"word/document.xml", xml}}));
    REQUIRE(!read.ok());
    CHECK(read.status().kind() == ErrorKind::kDamaged);
    CHECK(read.status().message() == "XML in word/document.xml declares a DTD (<!DOCTYPE>), which Office files never do");
  }
  SUBCASE("a DOCTYPE in styles.xml too") {
    const Result<OfficeText> read = ReadDocx(Zip({{"word/document.xml", DocumentXml(P("x"))},
                                                  {"word/styles.xml", "<?xml version=\"1.0\"?><!DOCTYPE x><x/>"}}));
    REQUIRE(!read.ok());
    CHECK(read.status().kind() == ErrorKind::kDamaged);
    CHECK(read.status().message().find("word/styles.xml declares a DTD") != std::string::npos);
  }
  SUBCASE("no word/document.xml") {
    const Result<OfficeText> read = ReadDocx(Zip({{"[Content_Types].xml", "<Types/>"}, {"xl/workbook.xml", "<x/>"}}));
    REQUIRE(!read.ok());
    CHECK(read.status().kind() == ErrorKind::kDamaged);
    CHECK(read.status().message() == "missing part word/document.xml");
  }
  SUBCASE("malformed XML") {
    const Result<OfficeText> read = ReadDocx(Zip({{"word/document.xml", DocumentXml("<w:p><w:r><w:t>x</w:r></w:p>")}}));
    REQUIRE(!read.ok());
    CHECK(read.status().kind() == ErrorKind::kDamaged);
    CHECK(read.status().message().starts_with("malformed XML in word/document.xml at line "));
  }
  SUBCASE("not a zip, or a Word 97-2003 / password-protected file") {
    CHECK(ReadDocx("plain text").status().kind() == ErrorKind::kDamaged);
    const Result<OfficeText> ole = ReadDocx(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(512, '\0'));
    CHECK(ole.status().kind() == ErrorKind::kDamaged);
    CHECK(ole.status().message().find("OLE compound file") != std::string::npos);
  }
  SUBCASE("over 1,000,000 paragraphs and cells") {
    std::string body;
    body.reserve(7'000'010);
    for (int i = 0; i < 1'000'001; ++i) body += "<w:p/>";
    const Result<OfficeText> read = ReadDocx(Docx(body));
    REQUIRE(!read.ok());
    CHECK(read.status().kind() == ErrorKind::kResourceLimit);
    CHECK(read.status().message() == "Word document has more than 1,000,000 paragraphs and table cells");
  }
  SUBCASE("over 64 MiB of text") {
    const Result<OfficeText> read = ReadDocx(Docx(P(std::string((64u << 20) + 1, 'a'))));
    REQUIRE(!read.ok());
    CHECK(read.status().kind() == ErrorKind::kResourceLimit);
    CHECK(read.status().message() == "Word document holds more than 64 MiB of text");
  }
  SUBCASE("tables nested over 256 deep") {
    std::string body;
    for (int i = 0; i < 100; ++i) body += "<w:tbl><w:tr><w:tc>";
    for (int i = 0; i < 100; ++i) body += "</w:tc></w:tr></w:tbl>";
    const Result<OfficeText> read = ReadDocx(Docx(body));
    REQUIRE(!read.ok());
    CHECK(read.status().kind() == ErrorKind::kResourceLimit);
    CHECK(read.status().message() == "Word document nests tables, text boxes or paragraphs over 256 deep");
    body.clear();
    for (int i = 0; i < 60; ++i) body += "<w:tbl><w:tr><w:tc>";
    body += P("深い");
    for (int i = 0; i < 60; ++i) body += "</w:tc></w:tr></w:tbl>";
    CHECK(Read(Docx(body)).pages.at(0).text == "深い");
  }
  SUBCASE("a huge gridSpan") {
    const Result<OfficeText> read = ReadDocx(Docx(Tbl({Tr({Tc("a", "<w:gridSpan w:val=\"2000000000\"/>"), Tc("b")})})));
    REQUIRE(!read.ok());
    CHECK(read.status().kind() == ErrorKind::kResourceLimit);
  }
}

TEST_CASE("docx: a python-docx document (tests/fixtures/office/checklist.docx)") {
  const fs::path path = fs::path(KENSA_SOURCE_DIR) / "tests" / "fixtures" / "office" / "checklist.docx";
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::stringstream bytes;
  bytes << in.rdbuf();
  const OfficeText text = Read(bytes.str());
  REQUIRE(text.pages.size() == 2);
  CHECK(Lines(text.pages[0]) == std::vector<std::string>{
                                    "■ クラウドサービス チェックシート",
                                    "1. 概要",
                                    "本書は当社クラウドサービスのセキュリティ対策を説明します。",
                                    "■ バックアップ",
                                    "取得頻度  毎日",
                                    "・暗号化されたストレージに保存します。",
                                    "・遠隔地に複製します。",
                                    "1. データを取得する。",
                                    "2. データを暗号化する。",
                                    "3. データを転送する。",
                                    "項目\t回答\t備考",
                                    "可用性\t99.95%",
                                    "可用性\t月次で報告",
                                    "暗号化\tAES-256",
                                });
  CHECK(text.pages[1].text == "第2ページの本文です。");
  CHECK(text.pages[1].number == 2);
  CHECK(PlaceOf(text.pages[0], "99.95%").cell == "B2");
  CHECK(PlaceOf(text.pages[0], "可用性\t月次").cell == "A3");
  CHECK(PlaceOf(text.pages[1], "第2ページ").paragraph == 12);
  CheckPlaces(text);
}

}  // namespace
}  // namespace kensa::text
