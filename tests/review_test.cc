// Tests for pipeline/review (and the page renderer of pipeline/text it uses): escaping of untrusted
// text, Base64, the value marked in a quote, quotes placed on real sample pages (and not on the
// wrong ones), the page of a real sample PDF and of a text file (every field row in catalogue
// order, gaps listed, each page picture embedded once), a document from a real SQLite store
// (found by path and sha256 prefix, its file gone), and the command's arguments and exit codes.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command_line.h"
#include "common/utf8.h"
#include "fields/field_catalogue.h"
#include "normalize/normalizer.h"
#include "output/json_codec.h"
#include "review/html.h"
#include "review/locate.h"
#include "review/review_command.h"
#include "review/review_page.h"
#include "store/store.h"
#include "text/pdf_render.h"

namespace kensa {
namespace {

namespace fs = std::filesystem;
using review::Base64;
using review::HtmlEscape;
using review::LocateQuote;
using review::ValueMarks;

// The options `kensa review ARGS…` parses into, through the command line's own definitions.
Result<ReviewOptions> ParseReviewArgs(std::vector<std::string> args) {
  args.insert(args.begin(), "review");
  Result<CommandLine> line = ParseCommandLine(args);
  if (!line.ok()) return line.status();
  return line->review;
}

const std::string kSample = std::string(KENSA_SOURCE_DIR) + "/samples/002_ae363bfb9f19e15c.pdf";

const Extractor& SharedExtractor() {
  static std::shared_ptr<const Extractor> extractor = [] {
    auto created = Extractor::Create(DefaultExtractorOptions());
    REQUIRE(created.ok());
    return *created;
  }();
  return *extractor;
}

// The sample's review document, made once (extraction and drawing take a second).
const ReviewDocument& SampleReview() {
  static const ReviewDocument document = [] {
    auto reviewed = ReviewFromFile(SharedExtractor(), kSample, 100);
    REQUIRE(reviewed.ok());
    return std::move(reviewed).value();
  }();
  return document;
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

std::string Marked(std::string_view quote, const Value& value, std::string_view field_id) {
  std::string out;
  for (auto [b, e] : ValueMarks(quote, value, *FindField(field_id))) {
    out += (out.empty() ? "" : "|") + std::string(quote.substr(b, e - b));
  }
  return out;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST_CASE("review: HTML escaping") {
  CHECK(HtmlEscape("plain 日本語") == "plain 日本語");
  CHECK(HtmlEscape("<script>alert(\"x\")</script>") == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  CHECK(HtmlEscape("a & b's") == "a &amp; b&#39;s");
  CHECK(HtmlEscape("tab\tline\n") == "tab\tline\n");
  // Control characters, invalid bytes, an overlong '<' and a surrogate become U+FFFD.
  CHECK(HtmlEscape(std::string("a\0b", 3)) == "a\uFFFDb");
  CHECK(HtmlEscape("\x1b[31m") == "\uFFFD[31m");
  CHECK(HtmlEscape("\xff") == "\uFFFD");
  CHECK(HtmlEscape("\xc0\xbcscript") == "\uFFFDscript");
  CHECK(HtmlEscape("\xed\xa0\x80") == "\uFFFD");
  CHECK(HtmlEscape("\xe3\x81") == "\uFFFD\uFFFD");  // a cut-off character
  CHECK(HtmlEscape("\u00a0\u2028") == "\u00a0\u2028");
}

TEST_CASE("review: Base64 (RFC 4648 test vectors)") {
  CHECK(Base64("") == "");
  CHECK(Base64("f") == "Zg==");
  CHECK(Base64("fo") == "Zm8=");
  CHECK(Base64("foo") == "Zm9v");
  CHECK(Base64("foob") == "Zm9vYg==");
  CHECK(Base64("fooba") == "Zm9vYmE=");
  CHECK(Base64("foobar") == "Zm9vYmFy");
  CHECK(Base64(std::string("\0\xff\xfe", 3)) == "AP/+");
}

TEST_CASE("review: the value marked in its quote") {
  CHECK(Marked("目標復旧時間は2時間としています。", Duration{2, {}, TimeUnit::kHour}, "rto") == "2時間");
  // Part of a longer number is another value.
  CHECK(Marked("目標復旧時間は12時間です。", Duration{2, {}, TimeUnit::kHour}, "rto") == "");
  CHECK(Marked("24時間以内に通知", Duration{1, {}, TimeUnit::kDay}, "failure_notification_time") == "24時間");
  CHECK(Marked("有 1〜2週間前にメールにて通知", Duration{1, 2.0, TimeUnit::kWeek}, "maintenance_notice") == "1〜2週間");
  CHECK(Marked("稼働率は99.9%以上です。", 99.9, "availability").starts_with("99.9"));
  CHECK(Marked("稼働率は99.95%です。", 99.9, "availability") == "");
  CHECK(Marked("バックアップ\t10世代保持", int64_t{10}, "backup_generations") == "10世代");
  CHECK(Marked("日次でバックアップを取得", Duration{1, {}, TimeUnit::kDay}, "backup_frequency") == "日次");
  CHECK(Marked("平日9:00〜12:00、13:00〜18:00", Hours{"13:00", "18:00", false}, "support_hours") == "13:00〜18:00");
  CHECK(Marked("2025年4月1日 改訂", Date{"2025-04-01"}, "document_date") == "2025年4月1日");
  CHECK(Marked("ISO/IEC 27001 (ISMS) を取得", std::string("ISO27001"), "certifications") == "27001|ISMS");
  CHECK(Marked("プライバシーマークを取得済み", std::string("PMARK"), "certifications") == "プライバシーマーク");
  CHECK(Marked("障害時はメール/Slackで通知", std::string("chat"), "notification_channels") == "Slack");
  CHECK(Marked("多要素認証\t有り", true, "mfa") == "多要素|有り");
  CHECK(Marked("IPアドレス制限\t無し", false, "ip_restriction") == "IPアドレス|無し");
  // An ASCII word inside a longer one says nothing.
  CHECK(Marked("SHIPPING", true, "ip_restriction") == "");
}

TEST_CASE("review: page pictures and words from poppler") {
  auto pdf = PdfPages::Open(ReadFile(kSample));
  REQUIRE(pdf.ok());
  REQUIRE((*pdf)->page_count() >= 2);
  auto page = (*pdf)->Render(1, 100);
  REQUIRE(page.ok());
  CHECK(page->png.starts_with("\x89PNG\r\n\x1a\n"));
  CHECK(page->width_px == doctest::Approx(page->width_pt * 100 / 72).epsilon(0.01));
  CHECK(page->width_px > 500);
  REQUIRE(!page->boxes.empty());
  for (const TextBox& box : page->boxes) {
    CHECK(box.x >= -1);
    CHECK(box.y >= -1);
    CHECK(box.x + box.width <= page->width_pt + 1);
    CHECK(box.y + box.height <= page->height_pt + 1);
  }
  CHECK((*pdf)->Render(0, 100).status().kind() == ErrorKind::kUsage);
  CHECK((*pdf)->Render((*pdf)->page_count() + 1, 100).status().kind() == ErrorKind::kUsage);
  CHECK(PdfPages::Open("%PDF-1.4 this is no PDF").status().kind() == ErrorKind::kDamaged);
}

TEST_CASE("review: every finding of a real sample placed on its own page, not on others") {
  const ReviewDocument& d = SampleReview();
  REQUIRE(d.findings.size() >= 20);
  size_t exact = 0;
  for (const Finding& f : d.findings) {
    CAPTURE(f.field);
    CAPTURE(f.quote);
    REQUIRE(d.pages_shown.count(f.page));
    const PageImage& image = *d.pages_shown.at(f.page).image;
    review::PageText words;
    for (const TextBox& box : image.boxes) words.pieces.push_back(box.text);
    words.lines = review::LineNumbers(image.boxes);
    const review::QuoteLocation location = LocateQuote(f.quote, words);
    CHECK(location.found());
    exact += location.exact;
    // The framed words hold the value's text (when the quote has a marked stretch).
    std::string framed;
    for (size_t i : location.pieces) framed += NormalizeString(image.boxes[i].text);
    std::erase(framed, ' ');
    for (auto [b, e] : ValueMarks(f.quote, f.value, *FindField(f.field))) {
      std::string value = f.quote.substr(b, e - b);
      std::erase(value, ' ');
      CHECK(framed.find(value) != std::string::npos);
    }
  }
  CHECK(exact * 10 >= d.findings.size() * 8);  // most quotes are found whole
}

TEST_CASE("review: no quote of any sample is placed on a page it does not stand on") {
  size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(KENSA_SOURCE_DIR) / "samples")) {
    if (entry.path().extension() != ".pdf") continue;
    auto extraction = SharedExtractor().ExtractFile(entry.path().string());
    REQUIRE(extraction.ok());
    auto pdf = PdfPages::Open(ReadFile(entry.path()));
    REQUIRE(pdf.ok());
    std::map<int, review::PageText> words_of;
    for (int n = 1; n <= (*pdf)->page_count(); ++n) {
      auto page = (*pdf)->Render(n, 18);
      REQUIRE(page.ok());
      for (const TextBox& box : page->boxes) words_of[n].pieces.push_back(box.text);
      words_of[n].lines = review::LineNumbers(page->boxes);
    }
    for (const Finding& f : extraction->findings) {
      // Short quotes ("RTO: 4時間", a running header with the date) may stand on several pages.
      if (utf8::Length(f.quote) < 20) continue;
      for (const auto& [n, words] : words_of) {
        if (n == f.page) continue;
        // Page 5 of this sample states the same in its own words: "通信の暗号化 … TLS1.2 以上を使用します".
        if (f.quote == "暗号化方式としては TLS1.2以上を使用しております。" && n == 5) continue;
        CAPTURE(entry.path().filename().string());
        CAPTURE(f.quote);
        CAPTURE(n);
        CHECK_FALSE(LocateQuote(f.quote, words, ValueMarks(f.quote, f.value, *FindField(f.field))).found());
        ++checked;
      }
    }
  }
  CHECK(checked > 500);
}

TEST_CASE("review: the page of a real sample PDF") {
  const ReviewDocument& d = SampleReview();
  const std::string html = ReviewHtml(d);
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(html.find(d.sha256) != std::string::npos);
  CHECK(html.find(d.rules_version) != std::string::npos);
  // One tbody per field, in catalogue order; a field without findings says 記載なし.
  size_t previous = 0;
  size_t gaps = 0;
  for (const FieldSpec& field : FieldCatalogue()) {
    CAPTURE(field.id);
    const std::string open = "<tbody id=\"field-" + std::string(field.id) + "\"";
    CHECK(Count(html, open) == 1);
    const size_t at = html.find(open);
    REQUIRE(at != std::string::npos);
    CHECK(at > previous);
    previous = at;
    const std::string body = html.substr(at, html.find("</tbody>", at) - at);
    CHECK(body.find(std::string(field.label_ja)) != std::string::npos);
    const bool stated = std::any_of(d.findings.begin(), d.findings.end(), [&](const Finding& f) { return f.field == field.id; });
    CHECK((body.find("記載なし") != std::string::npos) == !stated);
    gaps += !stated;
    // Every finding's readable value is in its field's rows.
    for (const Finding& f : d.findings) {
      if (f.field == field.id) CHECK(body.find(HtmlEscape(Readable(f.value, field.type))) != std::string::npos);
    }
  }
  CHECK(gaps > 0);  // the sample does not state every field, and the page shows which
  CHECK(Count(html, "記載なし</td>") == gaps);
  // Each page picture once, however many findings point to it; each finding shows its page.
  std::map<int, size_t> findings_on;
  for (const Finding& f : d.findings) ++findings_on[f.page];
  CHECK(Count(html, "data:image/png;base64,") == findings_on.size());
  for (const auto& [page, n] : findings_on) {
    CHECK(Count(html, "<image id=\"page-" + std::to_string(page) + "\"") == 1);
    CHECK(Count(html, "<use href=\"#page-" + std::to_string(page) + "\"/>") == n);
  }
  CHECK(Count(html, "<article class=\"evidence\"") == d.findings.size());
  CHECK(Count(html, "<rect class=\"hit\"") >= d.findings.size());
  // Every frame lies on its page picture (the SVG's viewBox is the page in points).
  size_t frames = 0;
  for (size_t svg = html.find("<svg viewBox=\"0 0 "); svg != std::string::npos; svg = html.find("<svg viewBox=\"0 0 ", svg + 1)) {
    double width = 0, height = 0;
    REQUIRE(std::sscanf(html.c_str() + svg, "<svg viewBox=\"0 0 %lf %lf\"", &width, &height) == 2);
    const size_t end = html.find("</svg>", svg);
    for (size_t r = html.find("<rect class=\"hit\"", svg); r < end; r = html.find("<rect class=\"hit\"", r + 1), ++frames) {
      double x = 0, y = 0, w = 0, h = 0;
      REQUIRE(std::sscanf(html.c_str() + r, "<rect class=\"hit\" x=\"%lf\" y=\"%lf\" width=\"%lf\" height=\"%lf\"", &x, &y,
                          &w, &h) == 4);
      CHECK(x >= -2);
      CHECK(y >= -2);
      CHECK(x + w <= width + 2);
      CHECK(y + h <= height + 2);
      CHECK(h < height / 2);  // a passage, not the whole page
    }
  }
  CHECK(frames == Count(html, "<rect class=\"hit\""));
  CHECK(Count(html, "<mark>") >= d.findings.size() / 2);
  // Nothing is fetched: no external URL in an attribute, and one script, ours.
  CHECK(html.find("src=\"http") == std::string::npos);
  CHECK(html.find("href=\"http") == std::string::npos);
  CHECK(Count(html, "<script") == 1);
  // The policy allows our style and script by their hashes, nothing inline besides.
  CHECK(html.find("unsafe-inline") == std::string::npos);
  CHECK(Count(html, "'sha256-") == 2);
  CHECK(html.find("Noto Sans CJK JP") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
}

TEST_CASE("review: text from the document cannot inject markup or script") {
  ReviewDocument d;
  d.path = "/tmp/\"><img src=x onerror=alert(1)>.pdf";
  d.format = "pdf";
  d.sha256 = "<b>sha</b>";
  d.rules_version = "r\"1";
  d.extracted_at = "2026-12-05T00:00:00Z";
  d.warnings = {"<script>alert('w')</script>"};
  Finding f;
  f.field = "rto";
  f.value = Duration{2, {}, TimeUnit::kHour};
  f.condition = "</td><script>alert('c')</script>";
  f.page = 1;
  f.quote = "<script>alert('q')</script> 目標復旧時間は2時間 <iframe src=\"http://evil\">";
  f.rule = "rto.\"><svg onload=alert(1)>";
  d.findings = {f};
  ReviewPage text_page;
  text_page.number = 1;
  text_page.text = "<script>alert('page')</script>\n目標復旧時間は2時間\n<style>body{display:none}</style>";
  d.pages_shown[1] = text_page;
  const std::string html = ReviewHtml(d);
  CHECK(Count(html, "<script") == 1);  // ours, at the end
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<iframe") == std::string::npos);
  CHECK(html.find("<svg onload") == std::string::npos);
  CHECK(html.find("<b>sha") == std::string::npos);
  CHECK(Count(html, "<style") == 1);
  CHECK(html.find("&lt;script&gt;alert(&#39;q&#39;)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("<mark>2時間</mark>") != std::string::npos);
  CHECK(html.find("<mark class=\"passage\">目標復旧時間は2時間</mark>") != std::string::npos);
}

TEST_CASE("review: a text file shows its page's lines with the passage marked") {
  const std::string path = std::string(KENSA_SOURCE_DIR) + "/samples/src/101_faq_hachidesk.txt";
  auto d = ReviewFromFile(SharedExtractor(), path, 100);
  REQUIRE(d.ok());
  CHECK(d->format == "text");
  REQUIRE(!d->findings.empty());
  const std::string html = ReviewHtml(*d);
  CHECK(html.find("data:image") == std::string::npos);
  CHECK(Count(html, "<pre class=\"page-text\">") == d->findings.size());
  CHECK(Count(html, "<p class=\"place missing\">") == 0);
  CHECK(Count(html, "<mark class=\"passage\">") >= d->findings.size());
}

TEST_CASE("review: a scanned page is framed on the words OCR read, or shown as unreadable with OCR off") {
  const std::string path = std::string(KENSA_SHARED_DIR) + "/realpdfs/ocr_scan_test.pdf";
  SUBCASE("OCR on: the date's quote framed on the picture, said to be read by OCR") {
    auto d = ReviewFromFile(SharedExtractor(), path, 100);
    REQUIRE_MESSAGE(d.ok(), d.status().message());
    CHECK(d->reading.ocr_pages == std::vector<int>{1});
    REQUIRE(d->findings.size() == 1);
    const std::string html = ReviewHtml(*d);
    CHECK(html.find("<p class=\"place exact\">") != std::string::npos);
    CHECK(Count(html, "<rect class=\"hit\"") >= 1);
    CHECK(html.find("<p class=\"ocr-note\">OCR でページの画像から読んだ文です") != std::string::npos);
    CHECK(html.find("読み取り済み／OCR で読んだページ: p.1") != std::string::npos);
    CHECK(html.find("読み取れず") == std::string::npos);
  }
  SUBCASE("OCR off: every field 読み取れず, not 記載なし, and the page's picture to read by eye") {
    auto d = ReviewFromFile(SharedExtractor(), path, 100, OcrMode::kNever);
    REQUIRE_MESSAGE(d.ok(), d.status().message());
    CHECK(d->reading.status == "unreadable");
    CHECK(d->findings.empty());
    const std::string html = ReviewHtml(*d);
    CHECK(html.find(">記載なし<") == std::string::npos);
    CHECK(Count(html, "<td class=\"none unreadable\" colspan=\"3\">読み取れず") == FieldCatalogue().size());
    CHECK(html.find("<section class=\"unreadable-pages\" id=\"unreadable\">") != std::string::npos);
    CHECK(html.find("<h3>p.1: 文字情報のない画像のページで") != std::string::npos);
    CHECK(Count(html, "<use href=\"#page-1\"/>") == 1);
    CHECK(Count(html, "<image id=\"page-1\"") == 1);
  }
  SUBCASE("--ocr is an option of review") {
    auto options = ParseReviewArgs({"x.pdf", "--ocr", "never"});
    REQUIRE(options.ok());
    CHECK(options->ocr == OcrMode::kNever);
  }
}

TEST_CASE("review: a quote that is not on its page is said to be missing, and the page still shown") {
  ReviewDocument d = SampleReview();
  d.findings.resize(1);
  d.findings[0].quote = "この文はどのページにも書かれていない架空の引用である。";
  const std::string html = ReviewHtml(d);
  CHECK(html.find("<p class=\"place missing\">") != std::string::npos);
  CHECK(html.find("位置不明") != std::string::npos);
  CHECK(html.find("1件の引用はページ上の位置を特定できませんでした") != std::string::npos);
  CHECK(Count(html, "<use href=\"#page-") == 1);
  CHECK(Count(html, "<rect class=\"hit\"") == 0);
}

// A store holding one real extraction of a copy of the sample.
struct StoreFixture {
  fs::path dir;
  fs::path copy;
  std::unique_ptr<Store> store;
  std::string sha256;

  explicit StoreFixture(const std::string& name) {
    dir = fs::path(KENSA_BINARY_DIR) / "review_test_files" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    copy = dir / "ホワイトペーパー.pdf";
    fs::copy_file(kSample, copy);
    auto extraction = SharedExtractor().ExtractFile(copy.string());
    REQUIRE(extraction.ok());
    auto opened = OpenStore((dir / "kensa.db").string());
    REQUIRE(opened.ok());
    store = std::move(*opened);
    StoredDocument d;
    d.sha256 = sha256 = extraction->sha256;
    d.rules_version = extraction->rules_version;
    d.path = copy.string();
    d.size = extraction->size;
    d.pages = extraction->pages;
    for (const Finding& f : extraction->findings) {
      d.findings.push_back({f.field, ValueToJson(f.value), Readable(f.value, FindField(f.field)->type), f.condition,
                            f.page, f.quote, f.rule});
    }
    REQUIRE(store->SaveDocument(d).ok());
  }
};

TEST_CASE("review: a stored document, by path and by sha256 prefix, its file gone") {
  StoreFixture fixture("stored");
  auto by_path = ReviewFromStore(*fixture.store, fixture.copy.string(), 60);
  REQUIRE(by_path.ok());
  CHECK(by_path->notes.empty());
  CHECK(!by_path->pages_shown.empty());
  auto by_sha = ReviewFromStore(*fixture.store, fixture.sha256.substr(0, 8), 60);
  REQUIRE(by_sha.ok());
  CHECK(by_sha->findings.size() == by_path->findings.size());
  CHECK(by_sha->findings.size() == SampleReview().findings.size());
  const std::string html = ReviewHtml(*by_sha);
  CHECK(Count(html, "data:image/png;base64,") == by_sha->pages_shown.size());

  CHECK(ReviewFromStore(*fixture.store, "0000", 60).status().kind() == ErrorKind::kUsage);
  CHECK(ReviewFromStore(*fixture.store, "/no/such.pdf", 60).status().kind() == ErrorKind::kUsage);

  // By its file name alone, when one stored document has it.
  auto by_name = ReviewFromStore(*fixture.store, "ホワイトペーパー.pdf", 60);
  REQUIRE_MESSAGE(by_name.ok(), by_name.status().message());
  CHECK(by_name->sha256 == fixture.sha256);
  CHECK(ReviewFromStore(*fixture.store, "other.pdf", 60).status().kind() == ErrorKind::kUsage);
  // A sha256 prefix under 4 digits is refused, saying how many are needed.
  auto short_prefix = ReviewFromStore(*fixture.store, fixture.sha256.substr(0, 3), 60);
  CHECK(short_prefix.status().kind() == ErrorKind::kUsage);
  CHECK(short_prefix.status().message() == fixture.sha256.substr(0, 3) + ": a sha256 prefix needs at least 4 hex digits");

  fs::remove(fixture.copy);
  auto gone = ReviewFromStore(*fixture.store, fixture.sha256, 60);
  REQUIRE(gone.ok());
  CHECK(gone->pages_shown.empty());
  REQUIRE(!gone->notes.empty());
  const std::string gone_html = ReviewHtml(*gone);
  CHECK(gone_html.find("がもうありません") != std::string::npos);
  CHECK(gone_html.find("data:image") == std::string::npos);
  CHECK(Count(gone_html, "<blockquote class=\"quote\">") == gone->findings.size());

  // Other bytes at the stored path are not shown as the document's pages.
  { std::ofstream(fixture.copy) << "%PDF-1.4 other bytes"; }
  auto changed = ReviewFromStore(*fixture.store, fixture.sha256, 60);
  REQUIRE(changed.ok());
  CHECK(changed->pages_shown.empty());
  CHECK(ReviewHtml(*changed).find("内容が変わっています") != std::string::npos);
  CHECK(ReviewHtml(*changed).find("がもうありません") == std::string::npos);
}

TEST_CASE("review: a file name two stored documents have names neither") {
  StoreFixture fixture("stored-twice");
  StoredDocument other;
  other.sha256 = std::string(64, 'c');
  other.rules_version = "r";
  other.path = "/elsewhere/ホワイトペーパー.pdf";
  other.pages = 1;
  REQUIRE(fixture.store->SaveDocument(other).ok());
  auto twice = ReviewFromStore(*fixture.store, "ホワイトペーパー.pdf", 60);
  CHECK(twice.status().kind() == ErrorKind::kUsage);
  CHECK(twice.status().message().find("2 stored documents have this name") != std::string::npos);
  CHECK(twice.status().message().find("/elsewhere/ホワイトペーパー.pdf") != std::string::npos);
  CHECK(ReviewFromStore(*fixture.store, fixture.copy.string(), 60).ok());  // the path still names one
}

TEST_CASE("review: arguments and exit codes") {
  auto parsed = ParseReviewArgs({"x.pdf", "-o", "out.html", "--dpi", "150"});
  REQUIRE(parsed.ok());
  CHECK(parsed->file == "x.pdf");
  CHECK(parsed->output == "out.html");
  CHECK(parsed->dpi == 150);
  auto stored = ParseReviewArgs({"--db", "k.db", "abcd"});
  REQUIRE(stored.ok());
  CHECK(stored->db == "k.db");
  CHECK(stored->document == "abcd");
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{}, {"a.pdf", "b.pdf"}, {"a.pdf", "-o"}, {"a.pdf", "--dpi", "10"},
        {"a.pdf", "--dpi", "x"}, {"a.pdf", "--bogus"}, {"--db", "k.db"}, {"--db", "k.db", "d", "--patterns", "p"}}) {
    CHECK(ParseReviewArgs(bad).status().kind() == ErrorKind::kUsage);
  }

  const fs::path dir = fs::path(KENSA_BINARY_DIR) / "review_test_files" / "command";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ostringstream out, err;
  CHECK(RunCommandLine({"review", kSample, "-o", (dir / "no-such-folder" / "x.html").string()}, out, err, false, false) == 2);
  CHECK(err.str().find("cannot write") != std::string::npos);
  const std::string message = err.str();
  CHECK(std::count(message.begin(), message.end(), '\n') == 1);
  err.str("");
  CHECK(RunCommandLine({"review", kSample, "-o", dir.string()}, out, err, false, false) == 2);
  CHECK(err.str().find("is a directory") != std::string::npos);
  err.str("");
  CHECK(RunCommandLine({"review", (dir / "missing.pdf").string(), "-o", (dir / "m.html").string()}, out, err, false, false) == 10);
  CHECK(!fs::exists(dir / "m.html"));
  err.str("");
  CHECK(RunCommandLine({"review", "--db", (dir / "none.db").string(), "abcd", "-o", (dir / "n.html").string()}, out, err, false, false) == 30);
  err.str("");
  StoreFixture fixture("command-store");
  CHECK(RunCommandLine({"review", "--db", (fixture.dir / "kensa.db").string(), "ffff0000", "-o", (dir / "n.html").string()}, out, err, false,
                      false) == 2);
  CHECK(err.str().find("no such document in the store") != std::string::npos);
  err.str("");
  const fs::path page = dir / "stored.html";
  CHECK(RunCommandLine({"review", "--db", (fixture.dir / "kensa.db").string(), fixture.sha256.substr(0, 10), "-o", page.string()},
                      out, err, false, false) == 0);
  CHECK(ReadFile(page).find("ホワイトペーパー.pdf") != std::string::npos);
  std::vector<std::string> leftovers;
  for (const auto& entry : fs::directory_iterator(dir)) leftovers.push_back(entry.path().filename().string());
  CHECK(leftovers == std::vector<std::string>{"stored.html"});  // no temporary file left
}

}  // namespace
}  // namespace kensa
