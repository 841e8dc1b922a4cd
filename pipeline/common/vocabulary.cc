#include "common/vocabulary.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <set>
#include <span>
#include <utility>

namespace kensa {

// dictionaries/vocabulary.toml, compiled in by kensa_embed_text (pipeline/common/CMakeLists.txt).
extern const std::string_view kVocabularyToml;

namespace {

using Names = std::span<const std::string_view>;

constexpr std::string_view kAnswerReaders[] = {"bool",    "cell",           "negative_noun", "label_line",
                                               "row_end", "row_end_spaced", "bare",          "review", "rules"};
constexpr std::string_view kQuestionReaders[] = {"sentence", "label"};
constexpr std::string_view kCounterReaders[] = {"duration", "period", "line_start", "folding", "numeral", "review"};
// The TimeUnitName of each TimeUnit of values/value.h (values_test checks the two agree).
constexpr std::string_view kTimeUnits[] = {"minute", "hour", "day", "business_day", "week", "month", "year"};

bool IsOneOf(std::string_view s, Names names) { return std::find(names.begin(), names.end(), s) != names.end(); }
bool IsOneOf(std::string_view s, std::initializer_list<std::string_view> names) {
  return IsOneOf(s, Names(names.begin(), names.size()));
}

// Whether `word` starts with `prefix`, ASCII letters compared without case.
bool StartsWithFolded(std::string_view word, std::string_view prefix) {
  if (prefix.size() > word.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k) {
    char a = word[k], b = prefix[k];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
    if (a != b) return false;
  }
  return true;
}

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Reads the file into a Vocabulary; each method returns the first error, naming the file and line.
class VocabularyReader {
 public:
  explicit VocabularyReader(std::string_view name) : name_(name) {}

  Result<Vocabulary> Read(std::string_view toml) {
    toml::table root;
    try {
      root = toml::parse(toml, name_);
    } catch (const toml::parse_error& e) {
      return Status::Error(ErrorKind::kConfig, name_ + ":" + std::to_string(e.source().begin.line) + ": " +
                                                   std::string(e.description()));
    }
    Status status = CheckKeys(root, {"answers", "questions", "counters", "years"});
    const std::pair<std::string_view, Status (VocabularyReader::*)(const toml::table&)> tables[] = {
        {"answers", &VocabularyReader::ReadAnswers},
        {"questions", &VocabularyReader::ReadQuestions},
        {"counters", &VocabularyReader::ReadCounters},
        {"years", &VocabularyReader::ReadYears},
    };
    for (const auto& [key, read] : tables) {
      if (!status.ok()) break;
      const toml::table* table = root[key].as_table();
      status = table != nullptr ? (this->*read)(*table) : Error("no [" + std::string(key) + "] table");
    }
    if (status.ok()) status = CheckEveryListHasWords();
    if (!status.ok()) return status;
    return std::move(vocabulary_);
  }

 private:
  Status Error(const toml::node& node, const std::string& message) const {
    return Status::Error(ErrorKind::kConfig, name_ + ":" + std::to_string(node.source().begin.line) + ": " + message);
  }
  Status Error(const std::string& message) const { return Status::Error(ErrorKind::kConfig, name_ + ": " + message); }

  Status CheckKeys(const toml::table& table, std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, node] : table) {
      if (!IsOneOf(key.str(), allowed)) return Error(node, "unknown key " + Quoted(key.str()));
    }
    return Status::Ok();
  }

  // The array at table[key] whose elements are all of one kind (tables or strings).
  Result<const toml::array*> Array(const toml::table& table, std::string_view key, bool of_tables) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) return Error(table, "no " + Quoted(key));
    const toml::array* array = node->as_array();
    if (array == nullptr) return Error(*node, Quoted(key) + " is not an array");
    for (const toml::node& element : *array) {
      if (of_tables ? !element.is_table() : !element.is_string()) {
        return Error(element, Quoted(key) + ": every element must be " + (of_tables ? "a table" : "a string"));
      }
    }
    return array;
  }

  Result<std::vector<std::string>> Strings(const toml::table& table, std::string_view key) const {
    auto array = Array(table, key, false);
    if (!array.ok()) return array.status();
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const toml::node& element : **array) {
      std::string word = element.as_string()->get();
      if (word.empty()) return Error(element, Quoted(key) + ": an empty word");
      if (!seen.insert(word).second) return Error(element, Quoted(key) + ": " + Quoted(word) + " is listed twice");
      out.push_back(std::move(word));
    }
    return out;
  }

  // entry[key] as a non-empty string, or nullopt when absent (an error when required).
  Result<std::optional<std::string>> String(const toml::table& entry, std::string_view key, bool required) const {
    const toml::node* node = entry.get(key);
    if (node == nullptr) {
      if (required) return Error(entry, "no " + Quoted(key));
      return std::optional<std::string>();
    }
    const auto* value = node->as_string();
    if (value == nullptr || value->get().empty()) return Error(*node, Quoted(key) + " must be a non-empty string");
    return std::optional<std::string>(value->get());
  }

  // The entry's read_by: known readers, each once, at least one.
  Result<std::vector<std::string>> ReadBy(const toml::table& entry, Names readers) const {
    auto names = Strings(entry, "read_by");
    if (!names.ok()) return names.status();
    if (names->empty()) return Error(entry, "read by no reader");
    for (const std::string& reader : *names) {
      if (!IsOneOf(reader, readers)) return Error(entry, "unknown reader " + Quoted(reader));
    }
    return names;
  }

  // Reads `word` (or `text`), checks it is the table's first of that spelling.
  Result<std::string> Word(const toml::table& entry, std::string_view key, std::set<std::string>& seen) const {
    auto word = String(entry, key, true);
    if (!word.ok()) return word.status();
    if (!seen.insert(**word).second) return Error(entry, Quoted(**word) + " is listed twice");
    return **word;
  }

  Status ReadAnswers(const toml::table& answers) {
    if (Status s = CheckKeys(answers, {"words"}); !s.ok()) return s;
    auto words = Array(answers, "words", true);
    if (!words.ok()) return words.status();
    std::set<std::string> seen;
    for (const toml::node& node : **words) {
      const toml::table& entry = *node.as_table();
      if (Status s = CheckKeys(entry, {"word", "says", "read_by"}); !s.ok()) return s;
      auto word = Word(entry, "word", seen);
      if (!word.ok()) return word.status();
      auto says = String(entry, "says", true);
      if (!says.ok()) return says.status();
      if (!IsOneOf(**says, {"yes", "no", "other"})) return Error(entry, "says must be \"yes\", \"no\" or \"other\"");
      auto readers = ReadBy(entry, kAnswerReaders);
      if (!readers.ok()) return readers.status();
      const AnswerWord answer{*word, **says == "yes"};
      for (const std::string& reader : *readers) {
        // The readers that take any answer, yes, no or other.
        if (reader == "label_line") {
          vocabulary_.label_line_answers.push_back(*word);
          continue;
        }
        if (reader == "row_end") {
          vocabulary_.row_end_answers.push_back(*word);
          continue;
        }
        if (reader == "row_end_spaced") {
          vocabulary_.row_end_spaced_answers.push_back(*word);
          continue;
        }
        if (**says == "other") return Error(entry, "read by " + Quoted(reader) + ", which needs a yes or a no");
        if (reader == "negative_noun") {
          if (answer.yes) return Error(entry, "read by \"negative_noun\", which needs a no");
          vocabulary_.negative_nouns.push_back(*word);
        } else if (reader == "bool") {
          vocabulary_.bool_answers.push_back(answer);
        } else if (reader == "cell") {
          vocabulary_.cell_answers.push_back(answer);
        } else if (reader == "bare") {
          vocabulary_.bare_answers.push_back(answer);
        } else if (reader == "review") {
          vocabulary_.review_answers.push_back(answer);
        } else if (reader == "rules") {
          vocabulary_.rule_answers.push_back(answer);
        }
      }
    }
    return Status::Ok();
  }

  Status ReadQuestions(const toml::table& questions) {
    if (Status s = CheckKeys(questions, {"endings", "fill_in", "unit_columns"}); !s.ok()) return s;
    auto endings = Array(questions, "endings", true);
    if (!endings.ok()) return endings.status();
    std::set<std::string> seen;
    for (const toml::node& node : **endings) {
      const toml::table& entry = *node.as_table();
      if (Status s = CheckKeys(entry, {"text", "read_by"}); !s.ok()) return s;
      auto text = Word(entry, "text", seen);
      if (!text.ok()) return text.status();
      auto readers = ReadBy(entry, kQuestionReaders);
      if (!readers.ok()) return readers.status();
      for (const std::string& reader : *readers) {
        (reader == "sentence" ? vocabulary_.question_sentence_endings : vocabulary_.question_label_endings)
            .push_back(*text);
      }
    }
    auto fill_in = Strings(questions, "fill_in");
    if (!fill_in.ok()) return fill_in.status();
    vocabulary_.fill_in_words = std::move(*fill_in);
    if (questions.contains("unit_columns")) {  // optional: without it no row's unit is read
      auto unit_columns = Strings(questions, "unit_columns");
      if (!unit_columns.ok()) return unit_columns.status();
      vocabulary_.unit_column_words = std::move(*unit_columns);
    }
    return Status::Ok();
  }

  Status ReadCounters(const toml::table& counters) {
    if (Status s = CheckKeys(counters, {"words"}); !s.ok()) return s;
    auto words = Array(counters, "words", true);
    if (!words.ok()) return words.status();
    std::set<std::string> seen;
    std::vector<std::string> before;  // the words so far, for the order rule
    for (const toml::node& node : **words) {
      const toml::table& entry = *node.as_table();
      if (Status s = CheckKeys(entry, {"word", "unit", "read_by"}); !s.ok()) return s;
      auto word = Word(entry, "word", seen);
      if (!word.ok()) return word.status();
      // The readers that take the first word that matches rely on a word coming before every
      // shorter word it starts with.
      for (const std::string& earlier : before) {
        if (earlier.size() < word->size() && StartsWithFolded(*word, earlier)) {
          return Error(entry, Quoted(*word) + " must come before " + Quoted(earlier) + ", a shorter word it starts with");
        }
      }
      before.push_back(*word);
      auto unit = String(entry, "unit", false);
      if (!unit.ok()) return unit.status();
      if (*unit && !IsOneOf(**unit, kTimeUnits)) return Error(entry, "unknown time unit " + Quoted(**unit));
      auto readers = ReadBy(entry, kCounterReaders);
      if (!readers.ok()) return readers.status();
      const bool timed = std::any_of(readers->begin(), readers->end(),
                                     [](const std::string& r) { return r == "duration" || r == "period"; });
      if (timed && !*unit) return Error(entry, "read by \"duration\" or \"period\", which need a unit");
      if (!timed && *unit) return Error(entry, "a unit is read only by \"duration\" and \"period\"");
      for (const std::string& reader : *readers) {
        if (reader == "duration") vocabulary_.duration_units.push_back({*word, **unit});
        if (reader == "period") vocabulary_.period_units.push_back({*word, **unit});
        if (reader == "line_start") vocabulary_.line_start_counters.push_back(*word);
        if (reader == "folding") vocabulary_.folding_counters.push_back(*word);
        if (reader == "numeral") vocabulary_.numeral_counters.push_back(*word);
        if (reader == "review") vocabulary_.review_counters.push_back(*word);
      }
    }
    return Status::Ok();
  }

  Status ReadYears(const toml::table& years) {
    if (Status s = CheckKeys(years, {"eras", "western", "look_back"}); !s.ok()) return s;
    auto eras = Array(years, "eras", true);
    if (!eras.ok()) return eras.status();
    std::set<std::string> seen;
    for (const toml::node& node : **eras) {
      const toml::table& entry = *node.as_table();
      if (Status s = CheckKeys(entry, {"name", "letter", "first_year"}); !s.ok()) return s;
      Era era;
      auto name = Word(entry, "name", seen);
      if (!name.ok()) return name.status();
      auto letter = Word(entry, "letter", seen);
      if (!letter.ok()) return letter.status();
      if (letter->size() != 1 || (*letter)[0] < 'A' || (*letter)[0] > 'Z') {
        return Error(entry, "letter must be one upper-case ASCII letter");
      }
      const std::optional<int64_t> first_year = entry["first_year"].value<int64_t>();
      if (!first_year || *first_year < 1 || *first_year > 9999) return Error(entry, "first_year must be a year");
      era.name = std::move(*name);
      era.letter = std::move(*letter);
      era.first_year = static_cast<int>(*first_year);
      vocabulary_.eras.push_back(std::move(era));
    }
    auto western = Strings(years, "western");
    if (!western.ok()) return western.status();
    vocabulary_.western_year_words = std::move(*western);
    auto look_back = Strings(years, "look_back");
    if (!look_back.ok()) return look_back.status();
    vocabulary_.look_back_words = std::move(*look_back);
    return Status::Ok();
  }

  // Every stage expects words in its list: a reader misspelled in every entry would leave it empty.
  Status CheckEveryListHasWords() const {
    const Vocabulary& v = vocabulary_;
    const std::pair<std::string_view, bool> lists[] = {
        {"answers read by \"bool\"", v.bool_answers.empty()},
        {"answers read by \"cell\"", v.cell_answers.empty()},
        {"answers read by \"negative_noun\"", v.negative_nouns.empty()},
        {"answers read by \"label_line\"", v.label_line_answers.empty()},
        {"answers read by \"row_end\"", v.row_end_answers.empty()},
        {"answers read by \"row_end_spaced\"", v.row_end_spaced_answers.empty()},
        {"answers read by \"bare\"", v.bare_answers.empty()},
        {"answers read by \"rules\"", v.rule_answers.empty()},
        {"answers read by \"review\"", v.review_answers.empty()},
        {"question endings read by \"sentence\"", v.question_sentence_endings.empty()},
        {"question endings read by \"label\"", v.question_label_endings.empty()},
        {"questions.fill_in", v.fill_in_words.empty()},
        {"questions.unit_columns", v.unit_column_words.empty()},
        {"counters read by \"duration\"", v.duration_units.empty()},
        {"counters read by \"period\"", v.period_units.empty()},
        {"counters read by \"line_start\"", v.line_start_counters.empty()},
        {"counters read by \"folding\"", v.folding_counters.empty()},
        {"counters read by \"numeral\"", v.numeral_counters.empty()},
        {"counters read by \"review\"", v.review_counters.empty()},
        {"years.eras", v.eras.empty()},
        {"years.western", v.western_year_words.empty()},
        {"years.look_back", v.look_back_words.empty()},
    };
    for (const auto& [list, empty] : lists) {
      if (empty) return Error("no words in " + std::string(list));
    }
    return Status::Ok();
  }

  std::string name_;
  Vocabulary vocabulary_;
};

}  // namespace

std::vector<std::string> Vocabulary::YearWords() const {
  std::vector<std::string> words;
  for (const Era& era : eras) words.push_back(era.name);
  words.insert(words.end(), western_year_words.begin(), western_year_words.end());
  return words;
}

Result<Vocabulary> ParseVocabulary(std::string_view toml, std::string_view name) {
  return VocabularyReader(name).Read(toml);
}

const Vocabulary& SharedVocabulary() {
  static const Vocabulary* const vocabulary = [] {
    Result<Vocabulary> parsed = ParseVocabulary(kVocabularyToml, "dictionaries/vocabulary.toml");
    if (!parsed.ok()) {
      std::fprintf(stderr, "kensa: the built-in vocabulary is malformed: %s\n", parsed.status().message().c_str());
      std::abort();
    }
    return new Vocabulary(std::move(parsed).value());  // never freed: stages keep views into it until exit
  }();
  return *vocabulary;
}

}  // namespace kensa
