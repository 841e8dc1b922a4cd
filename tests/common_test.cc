// Tests for pipeline/common: RunInParallel (common/parallel.h), the vocabulary (common/vocabulary.h).
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <new>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/data_dirs.h"
#include "common/parallel.h"
#include "common/process_limits.h"
#include "common/status.h"
#include "common/vocabulary.h"

namespace kensa {
namespace {

TEST_CASE("common: ReportError and ReportWarning: one line each, the error's exit code") {
  std::ostringstream err;
  CHECK(ReportError(err, "a.pdf", Status::Error(ErrorKind::kDamaged, "damaged PDF")) == ExitCodeFor(ErrorKind::kDamaged));
  CHECK(ReportError(err, "", Status::Error(ErrorKind::kConfig, "patterns/x.toml:3: bad")) == 20);
  ReportWarning(err, "b.pdf", "no_text_layer", "no text layer");
  CHECK(err.str() == "kensa: a.pdf: damaged PDF\nkensa: patterns/x.toml:3: bad\nkensa: b.pdf: warning [no_text_layer]: no text layer\n");
}

TEST_CASE("common: RunInParallel runs every task once, the first on the calling thread") {
  for (size_t n : {0u, 1u, 2u, 5u}) {
    std::vector<std::atomic<int>> runs(n);
    std::vector<std::thread::id> where(n);
    RunInParallel(n, [&](size_t k) {
      runs[k]++;
      where[k] = std::this_thread::get_id();
    });
    for (size_t k = 0; k < n; ++k) CHECK(runs[k] == 1);
    if (n > 0) CHECK(where[0] == std::this_thread::get_id());
    if (n > 1) CHECK(where[1] != std::this_thread::get_id());
  }
}

TEST_CASE("common: RunInParallel rethrows a task's exception once all tasks have ended") {
  std::atomic<bool> slow_done{false};
  auto task = [&](size_t k) {
    if (k == 0) throw std::bad_alloc();  // on the calling thread, while task 1 still runs
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    slow_done = true;
  };
  CHECK_THROWS_AS(RunInParallel(2, task), std::bad_alloc);
  CHECK(slow_done);
  CHECK_THROWS_WITH_AS(RunInParallel(3, [](size_t k) {
                         if (k == 2) throw std::runtime_error("third");
                       }),
                       "third", std::runtime_error);
}

// ---- Vocabulary ---------------------------------------------------------------------------------

bool Has(const std::vector<std::string>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}
std::optional<bool> Says(const std::vector<AnswerWord>& list, std::string_view word) {
  for (const AnswerWord& a : list) {
    if (a.word == word) return a.yes;
  }
  return std::nullopt;
}
size_t IndexOf(const std::vector<std::string>& list, std::string_view word) {
  return static_cast<size_t>(std::find(list.begin(), list.end(), word) - list.begin());
}

TEST_CASE("common: the built-in vocabulary loads and holds its lists") {
  const Vocabulary& v = SharedVocabulary();
  CHECK(&v == &SharedVocabulary());  // parsed once
  CHECK(Says(v.bool_answers, "はい") == true);
  CHECK(Says(v.bool_answers, "いいえ") == false);
  CHECK(Says(v.bool_answers, "有効") == true);
  CHECK(Says(v.cell_answers, "提供") == true);
  CHECK(Says(v.cell_answers, "不要") == false);
  CHECK(Says(v.bare_answers, "無") == false);
  CHECK(Says(v.review_answers, "ません") == false);
  CHECK(Has(v.negative_nouns, "未提供"));
  CHECK(Has(v.label_line_answers, "同上"));
  CHECK(Has(v.row_end_answers, "日本法"));
  CHECK(Has(v.row_end_spaced_answers, "×"));
  CHECK(Has(v.question_label_endings, "ください"));
  CHECK(Has(v.question_sentence_endings, "教えてください。"));
  CHECK(v.fill_in_words.front() == "記述");
  CHECK(Has(v.line_start_counters, "営業日"));
  CHECK(Has(v.numeral_counters, "パーセント"));
  CHECK(Has(v.review_counters, "%"));
  // Longer words before the words they start with, for the readers that take the first match.
  CHECK(IndexOf(v.folding_counters, "時間") < IndexOf(v.folding_counters, "時"));
  CHECK(IndexOf(v.folding_counters, "Mbps") < IndexOf(v.folding_counters, "MB"));
  auto unit_index = [](const std::vector<TimeUnitWord>& list, std::string_view word) {
    return std::find_if(list.begin(), list.end(), [&](const TimeUnitWord& u) { return u.word == word; }) - list.begin();
  };
  CHECK(unit_index(v.duration_units, "ヶ月間") < unit_index(v.duration_units, "ヶ月"));
  CHECK(unit_index(v.period_units, "年間") < unit_index(v.period_units, "年"));
  CHECK(v.duration_units[unit_index(v.duration_units, "営業日")].unit == "business_day");
  REQUIRE(v.eras.size() == 3);
  CHECK(v.eras[0].name == "令和");
  CHECK(v.eras[0].letter == "R");
  CHECK(v.eras[0].first_year == 2019);
  CHECK(v.YearWords() == std::vector<std::string>{"令和", "平成", "昭和", "西暦"});
  CHECK(v.look_back_words == std::vector<std::string>{"過去", "直近", "最近", "この"});
}

TEST_CASE("common: ParseVocabulary fails on a malformed file, naming the line") {
  // Valid empty [answers] and [questions] so that the error of interest comes first.
  const std::string head = "[answers]\nwords = []\n[questions]\nendings = []\nfill_in = []\n";
  struct Case {
    std::string toml;
    std::string error;
  };
  const Case cases[] = {
      // TOML itself
      {"[answers\n", "vocabulary.toml:1: "},
      {"typo = 1\n", "vocabulary.toml:1: unknown key \"typo\""},
      // answers
      {"[answers]\nwords = [\n { word = \"はい\", says = \"yes\", read_by = [\"boll\"] },\n]\n",
       "vocabulary.toml:3: unknown reader \"boll\""},
      {"[answers]\nwords = [\n { word = \"はい\", says = \"yes\", read_by = [\"bool\"], note = \"x\" },\n]\n",
       "vocabulary.toml:3: unknown key \"note\""},
      {"[answers]\nwords = [\n { word = \"はい\", says = \"yes\", read_by = [] },\n]\n",
       "vocabulary.toml:3: read by no reader"},
      {"[answers]\nwords = [\n { word = \"はい\", says = \"yes\", read_by = [\"bool\", \"bool\"] },\n]\n",
       "\"bool\" is listed twice"},
      {"[answers]\nwords = [\n { word = \"はい\", says = \"yes\", read_by = [\"bool\"] },\n"
       " { word = \"はい\", says = \"yes\", read_by = [\"cell\"] },\n]\n",
       "vocabulary.toml:4: \"はい\" is listed twice"},
      {"[answers]\nwords = [\n { word = \"\", says = \"yes\", read_by = [\"bool\"] },\n]\n",
       "vocabulary.toml:3: \"word\" must be a non-empty string"},
      {"[answers]\nwords = [\n { word = \"はい\", says = \"maybe\", read_by = [\"bool\"] },\n]\n",
       "says must be \"yes\", \"no\" or \"other\""},
      {"[answers]\nwords = [\n { word = \"同上\", says = \"other\", read_by = [\"bool\"] },\n]\n",
       "read by \"bool\", which needs a yes or a no"},
      {"[answers]\nwords = [\n { word = \"提供\", says = \"yes\", read_by = [\"negative_noun\"] },\n]\n",
       "read by \"negative_noun\", which needs a no"},
      {"[answers]\nwords = [\"はい\"]\n", "vocabulary.toml:2: \"words\": every element must be a table"},
      // counters
      {head + "[counters]\nwords = [\n { word = \"時\", read_by = [\"folding\"] },\n"
              " { word = \"時間\", read_by = [\"folding\"] },\n]\n",
       "vocabulary.toml:9: \"時間\" must come before \"時\", a shorter word it starts with"},
      {head + "[counters]\nwords = [\n { word = \"MB\", read_by = [\"folding\"] },\n"
              " { word = \"Mbps\", read_by = [\"folding\"] },\n]\n",
       "vocabulary.toml:9: \"Mbps\" must come before \"MB\""},
      {head + "[counters]\nwords = [\n { word = \"時間\", read_by = [\"duration\"] },\n]\n",
       "vocabulary.toml:8: read by \"duration\" or \"period\", which need a unit"},
      {head + "[counters]\nwords = [\n { word = \"時間\", unit = \"hour\", read_by = [\"folding\"] },\n]\n",
       "vocabulary.toml:8: a unit is read only by \"duration\" and \"period\""},
      {head + "[counters]\nwords = [\n { word = \"刻\", unit = \"fortnight\", read_by = [\"duration\"] },\n]\n",
       "vocabulary.toml:8: unknown time unit \"fortnight\""},
      // years
      {head + "[counters]\nwords = []\n[years]\neras = [{ name = \"令和\", letter = \"r\", first_year = 2019 }]\n"
              "western = []\nlook_back = []\n",
       "vocabulary.toml:9: letter must be one upper-case ASCII letter"},
      {head + "[counters]\nwords = []\n[years]\neras = [{ name = \"令和\", letter = \"R\", first_year = \"2019\" }]\n"
              "western = []\nlook_back = []\n",
       "vocabulary.toml:9: first_year must be a year"},
      // a reader left without words (a reader misspelled everywhere)
      {head + "[counters]\nwords = []\n[years]\neras = []\nwestern = []\nlook_back = []\n",
       "vocabulary.toml: no words in answers read by \"bool\""},
      {"", "vocabulary.toml: no [answers] table"},
      {head, "vocabulary.toml: no [counters] table"},
  };
  for (const Case& c : cases) {
    INFO(c.toml);
    const Result<Vocabulary> parsed = ParseVocabulary(c.toml);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().kind() == ErrorKind::kConfig);
    CHECK_MESSAGE(parsed.status().message().find(c.error) != std::string::npos, parsed.status().message());
  }
}

// The string literals of a C++ source (comments left out), each with its line: a small lexer that
// knows comments, escapes, raw strings and digit separators, enough for kensa's own sources.
std::vector<std::pair<int, std::string>> StringLiterals(const std::string& source) {
  std::vector<std::pair<int, std::string>> literals;
  auto identifier_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  int line = 1;
  size_t i = 0;
  auto advance_to = [&](size_t end) {
    line += static_cast<int>(std::count(source.begin() + i, source.begin() + std::min(end, source.size()), '\n'));
    i = std::min(end, source.size());
  };
  while (i < source.size()) {
    const char c = source[i];
    if (source.compare(i, 2, "//") == 0) {
      advance_to(source.find('\n', i));
    } else if (source.compare(i, 2, "/*") == 0) {
      const size_t end = source.find("*/", i + 2);
      advance_to(end == std::string::npos ? end : end + 2);
    } else if (c == '\'' && i > 0 && std::isxdigit(static_cast<unsigned char>(source[i - 1]))) {
      ++i;  // 1'000
    } else if (c == '"' || c == '\'') {
      size_t prefix = i;
      while (prefix > 0 && identifier_char(source[prefix - 1])) --prefix;
      const std::string_view before(source.data() + prefix, i - prefix);
      const int start_line = line;
      if (c == '"' && (before == "R" || before == "u8R" || before == "uR" || before == "UR" || before == "LR")) {
        const size_t open = source.find('(', i);
        const std::string close = ")" + source.substr(i + 1, open - i - 1) + "\"";
        const size_t end = source.find(close, open);
        literals.emplace_back(start_line, source.substr(open + 1, end - open - 1));
        advance_to(end == std::string::npos ? end : end + close.size());
        continue;
      }
      size_t k = i + 1;
      while (k < source.size() && source[k] != c && source[k] != '\n') k += source[k] == '\\' ? 2 : 1;
      if (c == '"') literals.emplace_back(start_line, source.substr(i + 1, k - i - 1));
      advance_to(k + 1);
    } else {
      if (c == '\n') ++line;
      ++i;
    }
  }
  return literals;
}

TEST_CASE("common: StringLiterals finds the literals and not the comments") {
  const auto literals = StringLiterals(
      "// \"いいえ\" in a comment\n"
      "/* \"ヵ月\"\n */ int n = 1'000; char c = '\"';\n"
      "auto a = U\"はい\", b = u8R\"x(a \"quoted\" )\" word)x\";\n"
      "auto d = \"esc\\\"aped\";\n");
  REQUIRE(literals.size() == 3);
  CHECK(literals[0] == std::pair<int, std::string>{4, "はい"});
  CHECK(literals[1] == std::pair<int, std::string>{4, "a \"quoted\" )\" word"});
  CHECK(literals[2] == std::pair<int, std::string>{5, "esc\\\"aped"});
}

// The vocabulary's words live in dictionaries/vocabulary.toml only: a string literal of pipeline/ that
// spells one of these distinctive words is a copy of a list that should read the vocabulary instead.
// (Words in comments, as examples, are fine; so are display strings such as value.cc's "ヶ月".)
TEST_CASE("common: no stage spells the vocabulary's words in a string literal") {
  const std::string words[] = {"いいえ", "該当なし", "該当無し", "非対応", "未対応", "対象外", "ヵ月",
                               "ケ月",   "箇月",     "営業日間", "令和",   "平成",   "昭和",   "例えば",
                               "記入"};
  // Files whose copies are still to move, each with its reason.
  // (None now; a file named here must still spell a word, or the test says to drop it.)
  const std::set<std::string> not_yet_moved = {};
  const std::filesystem::path root = KENSA_SOURCE_DIR;
  std::set<std::string> exempt_with_words;
  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "pipeline")) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".cc" && ext != ".h")) continue;
    const std::string relative = std::filesystem::relative(entry.path(), root).generic_string();
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    ++files;
    for (const auto& [line, literal] : StringLiterals(text.str())) {
      for (const std::string& word : words) {
        if (literal.find(word) == std::string::npos) continue;
        if (not_yet_moved.count(relative)) {
          exempt_with_words.insert(relative);
          continue;
        }
        FAIL_CHECK(relative << ":" << line << ": \"" << word << "\" in a string literal: read it from "
                            << "SharedVocabulary() (dictionaries/vocabulary.toml) instead");
      }
    }
  }
  CHECK(files > 50);
  for (const std::string& file : not_yet_moved) {
    if (!exempt_with_words.count(file)) MESSAGE(file << " spells no vocabulary word any more: drop it from not_yet_moved");
  }
}

}  // namespace
namespace {

// Sets (or, given nullptr, unsets) an environment variable for a scope, then puts it back.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    value ? ::setenv(name, value, 1) : ::unsetenv(name);
  }
  ~ScopedEnv() { old_ ? ::setenv(name_, old_->c_str(), 1) : ::unsetenv(name_); }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("common: FindDataPaths: the build tree's data, unless the environment says otherwise") {
  ScopedEnv patterns("KENSA_PATTERNS", nullptr), dictionary("KENSA_USER_DIC", nullptr);
  // A test binary has no share/kensa/ beside it (tests/install_test.sh checks an installed kensa).
  CHECK(InstalledDataDir().empty());
  DataPaths paths = FindDataPaths();
  CHECK(std::filesystem::equivalent(paths.patterns_dir, std::string(KENSA_SOURCE_DIR) + "/patterns"));
  CHECK(paths.user_dictionary == std::string(KENSA_BINARY_DIR) + "/dictionaries/kensa.dic");
  {
    ScopedEnv p("KENSA_PATTERNS", "/somewhere/patterns"), d("KENSA_USER_DIC", "");
    paths = FindDataPaths();
    CHECK(paths.patterns_dir == "/somewhere/patterns");
    CHECK(paths.user_dictionary.empty());  // set but empty: no user dictionary
  }
  CHECK(FindDataPaths().patterns_dir != "/somewhere/patterns");  // put back
}

namespace {
// Runs body in a forked child with its stderr on a pipe; returns the child's exit code and stderr.
std::pair<int, std::string> InChild(const std::function<void()>& body) {
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::close(pipe_fds[0]);
    body();
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  std::string text;
  char chunk[512];
  for (ssize_t n; (n = ::read(pipe_fds[0], chunk, sizeof chunk)) > 0;) text.append(chunk, static_cast<size_t>(n));
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), text};
}

TEST_CASE("common: StartDocumentLimits gives each of several documents the whole --timeout") {
  const ProcessLimits limits{.wall_seconds = 1, .cpu_seconds = 0, .memory_mib = 0};
  auto sleep_ms = [](int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); };
  SUBCASE("three documents of 0.7 s each: 2.1 s in all, none over its second") {
    auto [code, text] = InChild([&] {
      REQUIRE(ApplyProcessLimits(limits, "a.pdf", 3).ok());
      sleep_ms(700);
      StartDocumentLimits("b.pdf");
      sleep_ms(700);
      StartDocumentLimits("c.pdf");
      sleep_ms(700);
    });
    CHECK(code == 0);
    CHECK(text.empty());
  }
  SUBCASE("the document over its second is the one named") {
    auto [code, text] = InChild([&] {
      REQUIRE(ApplyProcessLimits(limits, "a.pdf", 2).ok());
      sleep_ms(300);
      StartDocumentLimits("b.pdf");
      sleep_ms(1500);
    });
    CHECK(code == ExitCodeFor(ErrorKind::kResourceLimit));
    CHECK(text == "kensa: b.pdf: timed out after 1 s (wall clock)\n");
  }
}

TEST_CASE("common: StartDocumentLimits gives each of several documents the whole --cpu") {
  const ProcessLimits limits{.wall_seconds = 0, .cpu_seconds = 1, .memory_mib = 0};
  auto spin_ms = [](int ms) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    volatile uint64_t spins = 0;
    while (std::chrono::steady_clock::now() < until) spins = spins + 1;
  };
  auto [code, text] = InChild([&] {
    REQUIRE(ApplyProcessLimits(limits, "a.pdf", 3).ok());
    spin_ms(600);
    StartDocumentLimits("b.pdf");
    spin_ms(600);
    StartDocumentLimits("c.pdf");
    spin_ms(4000);  // over its second of CPU
  });
  CHECK(code == ExitCodeFor(ErrorKind::kResourceLimit));
  CHECK(text == "kensa: c.pdf: CPU time limit 1 s exceeded\n");
}

}  // namespace
}  // namespace kensa
