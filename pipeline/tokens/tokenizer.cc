// Stage 4, tokens: the MeCab model, and the clause question (negation) answered on its tokens. The
// word lists that decide negation are at the top of the anonymous namespace; the answer words and
// negative nouns among them come from dictionaries/vocabulary.toml.

#include "tokens/tokenizer.h"

#include <mecab.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/data_dirs.h"
#include "common/stage_timer.h"
#include "common/vocabulary.h"

// MeCab leaks its tokenizer when a dictionary fails to open (a bad user dictionary: kensa then
// stops with exit 20). LeakSanitizer, in the sanitizer build, reads this list of known leaks.
#if defined(__SANITIZE_ADDRESS__)  // gcc
#define KENSA_LSAN_SUPPRESSIONS
#elif defined(__has_feature)  // clang
#if __has_feature(address_sanitizer)
#define KENSA_LSAN_SUPPRESSIONS
#endif
#endif
#ifdef KENSA_LSAN_SUPPRESSIONS
extern "C" const char* __lsan_default_suppressions() { return "leak:MeCab::\n"; }
// Without the table of suppressions used: an error stays one line on stderr.
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
#endif

namespace kensa {
namespace {

// ---- Word lists -------------------------------------------------------------------------------

// The answer words (dictionaries/vocabulary.toml, "cell"): a cell that is only one of them answers
// its label, "脆弱性診断の有無\t無し".
struct CellAnswers {
  std::vector<std::string> negative;
  std::vector<std::string> positive;
};
const CellAnswers& Answers() {
  static const CellAnswers kAnswers = [] {
    CellAnswers answers;
    for (const AnswerWord& a : SharedVocabulary().cell_answers) {
      (a.yes ? answers.positive : answers.negative).push_back(a.word);
    }
    return answers;
  }();
  return kAnswers;
}
// A predicate noun ending in one of these is negative: "ダウンロード不可となります", "対象外です"
// (dictionaries/vocabulary.toml, "negative_noun").
const std::vector<std::string>& NegativeNouns() { return SharedVocabulary().negative_nouns; }
// Conjunctive particles that close the clause of the predicate before them.
constexpr std::string_view kClauseEndingParticles[] = {
    "が", "けど", "けれど", "けれども", "ものの", "のに", "ので", "から",
};
// Verbs whose negative form is an adverbial idiom, not a negation: 問わず, 限らず, かかわらず.
constexpr std::string_view kIdiomZuVerbs[] = {"問う", "限る", "かかわる", "関わる", "拘わる", "拘る"};
// Nouns that turn the predicate before them into a subject: "しないことはない".
constexpr std::string_view kNominalizers[] = {"こと", "事", "わけ", "訳", "はず", "筈"};
// Nouns that carry the negation of the predicate before them into the sentence's predicate:
// "バックアップは行わない方針です", "パスワード変更をしない運用としています".
constexpr std::string_view kStanceNouns[] = {
    "方針",     "予定",   "こと",   "事",   "運用", "仕様", "扱い",
    "取り扱い", "取扱い", "ルール", "規定", "前提", "設計", "考え",
};
// After the anchor's own verb, these make its negation adverbial: "暗号化せずに保存", "…しないで".
constexpr std::string_view kWithoutMarkers[] = {"に", "で", "まま"};

// ---- Limits -----------------------------------------------------------------------------------

// Lines longer than this are analysed in pieces (MeCab's lattice grows with the input).
constexpr size_t kMaxPiece = 16 * 1024;
// How many line breaks a clause may cross going from a label into its answer.
constexpr int kMaxClauseLineBreaks = 2;

template <size_t N>
bool IsOneOf(std::string_view s, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}
bool IsOneOf(std::string_view s, const std::vector<std::string>& list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// ---- MeCab ownership --------------------------------------------------------------------------

struct ModelDeleter {
  void operator()(MeCab::Model* model) const { MeCab::deleteModel(model); }
};
struct TaggerDeleter {
  void operator()(MeCab::Tagger* tagger) const { MeCab::deleteTagger(tagger); }
};
struct LatticeDeleter {
  void operator()(MeCab::Lattice* lattice) const { MeCab::deleteLattice(lattice); }
};

std::string LastMeCabError() {
  const char* error = MeCab::getLastError();
  std::string message = error != nullptr ? error : "";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message.empty() ? "unknown MeCab error" : message;
}

// ---- Pieces: the units MeCab analyses ---------------------------------------------------------

bool IsLineBreak(char c) { return c == '\n' || c == '\f'; }

size_t LineStart(std::string_view text, size_t pos) {
  while (pos > 0 && !IsLineBreak(text[pos - 1])) --pos;
  return pos;
}

size_t LineEnd(std::string_view text, size_t pos) {
  while (pos < text.size() && !IsLineBreak(text[pos])) ++pos;
  return pos;
}

// Returns where the piece of the line [begin, line_end) that starts at begin ends: the line end,
// or for a long line the byte after the last '。' or space within kMaxPiece, or else a code-point
// boundary.
size_t PieceEnd(std::string_view text, size_t begin, size_t line_end) {
  if (line_end - begin <= kMaxPiece) return line_end;
  const size_t limit = begin + kMaxPiece;
  std::string_view window = text.substr(begin, kMaxPiece);
  size_t cut = window.rfind("。");
  if (cut != std::string_view::npos && cut > 0) return begin + cut + std::strlen("。");
  cut = window.find_last_of(" \t");
  if (cut != std::string_view::npos && cut > 0) return begin + cut + 1;
  size_t pos = limit;
  while (pos > begin + 1 && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

// Returns the piece [first, second) that contains pos (pos < text.size()).
std::pair<size_t, size_t> PieceAt(std::string_view text, size_t pos) {
  const size_t line_begin = LineStart(text, pos);
  const size_t line_end = LineEnd(text, pos);
  size_t begin = line_begin;
  while (true) {
    const size_t end = PieceEnd(text, begin, line_end);
    if (pos < end || end >= line_end) return {begin, end};
    begin = end;
  }
}

// ---- Token tests ------------------------------------------------------------------------------

bool IsPos(const Token& t, std::string_view pos) { return t.pos == pos; }
bool IsPos(const Token& t, std::string_view pos, std::string_view pos1) {
  return t.pos == pos && t.pos1 == pos1;
}

// A word that can carry the predicate: verb, adjective, auxiliary.
bool IsPredicateWord(const Token& t) { return IsPos(t, "動詞") || IsPos(t, "形容詞") || IsPos(t, "助動詞"); }

bool IsSentenceEnd(const Token& t) {
  if (t.pos1 == "句点" || t.surface == "。" || t.surface == "．" || t.surface == "！" || t.surface == "？" ||
      t.surface == "!" || t.surface == "?")
    return true;
  // IPAdic reads a closing bracket run into a full stop, ")。", as one unknown token: it still ends
  // the sentence ("…を取得(年1回更新)。プライバシーマーク:無し": the 無し is not the certificate's).
  static constexpr std::string_view kFullStop = "。";
  if (!t.surface.ends_with(kFullStop)) return false;
  const std::string_view before = std::string_view(t.surface).substr(0, t.surface.size() - kFullStop.size());
  return !before.empty() && std::all_of(before.begin(), before.end(), [](char c) { return std::ispunct(static_cast<unsigned char>(c)) != 0; });
}

bool IsComma(const Token& t) {
  return t.pos1 == "読点" || t.surface == "、" || t.surface == "，" || t.surface == ",";
}

// IPAdic tags half-width punctuation (what NFKC makes of "）", "：") as an unknown noun, not 記号:
// a token made only of ASCII punctuation is a symbol all the same.
bool IsSymbol(const Token& t) {
  return IsPos(t, "記号") || (!t.surface.empty() && std::all_of(t.surface.begin(), t.surface.end(), [](char c) {
                               return std::ispunct(static_cast<unsigned char>(c)) != 0;
                             }));
}

bool IsNounLike(const Token& t) { return IsPos(t, "名詞") || IsPos(t, "接頭詞"); }

// 問わず, 限らず, かかわらず, のみならず: the ず at index i is an idiom, not a negation.
bool IsIdiomZu(const std::vector<Token>& tokens, size_t i) {
  if (i == 0 || tokens[i].surface != "ず") return false;
  const Token& before = tokens[i - 1];
  if (IsPos(before, "動詞") && IsOneOf(before.base, kIdiomZuVerbs)) return true;
  return before.surface == "なら" && IsPos(before, "助動詞");
}

bool IsIrrealis(const Token& t) { return t.form.starts_with("未然"); }

// "ませ\nん": a PDF line break split the predicate, and MeCab, reading the next line on its own,
// tags its ん as a sentence-final particle.
bool IsStrandedN(const std::vector<Token>& tokens, size_t i) {
  return tokens[i].surface == "ん" && i > 0 && IsIrrealis(tokens[i - 1]);
}

// How many negations token i adds to a predicate chain.
int NegationsIn(const std::vector<Token>& tokens, size_t i) {
  const Token& t = tokens[i];
  if (IsStrandedN(tokens, i)) return 1;
  if (IsPos(t, "助動詞") && (t.base == "ない" || t.base == "ぬ" || t.base == "ん")) {
    return IsIdiomZu(tokens, i) ? 0 : 1;
  }
  if (IsPos(t, "形容詞") && (t.base == "ない" || t.base == "無い")) return 1;
  if (IsPos(t, "動詞") && t.base == "かねる") return 1;  // できかねます, いたしかねます
  return 0;
}

// Whether the text between two tokens holds a tab or a line break (a table cell boundary).
bool GapIsCellBreak(std::string_view gap) { return gap.find_first_of("\t\n\f") != std::string_view::npos; }
bool GapHasLineBreak(std::string_view gap) { return gap.find_first_of("\n\f") != std::string_view::npos; }

// The clause logic works on one token vector plus the text the offsets point into.
class ClauseReader {
 public:
  ClauseReader(std::string_view text, const std::vector<Token>& tokens) : text_(text), tokens_(tokens) {}

  bool IsNegatedFrom(size_t anchor) const {
    if (NegatedWithout(anchor)) return true;
    const size_t n = tokens_.size();
    bool predicate_seen = false;
    int line_breaks = 0;
    size_t i = anchor;
    for (; i < n; ++i) {
      const Token& t = tokens_[i];
      if (i > anchor) {
        const Token& prev = tokens_[i - 1];
        std::string_view gap = Gap(i);
        if (GapIsCellBreak(gap)) {
          if (EndsPredicate(i - 1) && !ContinuesPredicate(t)) break;
          if (GapHasLineBreak(gap) && ++line_breaks > kMaxClauseLineBreaks) break;
          // A label, then its answer: a bare answer decides.
          if (std::optional<bool> answer = BareAnswerAt(i)) return *answer;
        } else if (!gap.empty() && !predicate_seen) {
          if (std::optional<bool> answer = BareAnswerAt(i)) return *answer;
        }
        if (IsComma(t) && EndsPredicate(i - 1)) break;
        // A remark in brackets after the predicate ("対応していません(パスワード認証のみ)") is not
        // part of the clause: its last word must not stand in for the predicate.
        if ((t.surface == "(" || t.surface == "（") && EndsPredicate(i - 1)) break;
        if (IsPredicateWord(prev) && IsPos(t, "助詞", "接続助詞") &&
            IsOneOf(t.surface, kClauseEndingParticles)) {
          break;
        }
        if (IsPredicateWord(prev) && t.surface == "一方") break;
      }
      if (IsSentenceEnd(t)) break;
      if (IsPredicateWord(t)) predicate_seen = true;
    }
    return Evaluate(anchor, i);
  }

 private:
  // 暗号化せずに保存, 暗号化しないで保存: the anchor's own verb is negated, and the negation is
  // adverbial ("without"), so the clause's predicate would not show it.
  bool NegatedWithout(size_t anchor) const {
    size_t k = anchor;
    while (k < tokens_.size() && IsNounLike(tokens_[k]) && (k == anchor || Gap(k).empty())) ++k;
    if (k == anchor || k >= tokens_.size() || !Gap(k).empty() || !IsPos(tokens_[k], "動詞")) return false;
    int negations = 0;
    for (; k < tokens_.size() && Gap(k).empty(); ++k) {
      const Token& t = tokens_[k];
      if (IsPredicateWord(t)) {
        negations += NegationsIn(tokens_, k);
        continue;
      }
      if ((IsPos(t, "助詞") || t.surface == "まま") && IsOneOf(t.surface, kWithoutMarkers) &&
          NegationsIn(tokens_, k - 1) > 0) {
        return negations % 2 == 1;
      }
      break;
    }
    return false;
  }

  std::string_view Gap(size_t i) const {
    return text_.substr(tokens_[i - 1].end, tokens_[i].begin - tokens_[i - 1].end);
  }

  // Token i closes a predicate, so a comma or a cell break after it ends the clause. An irrealis
  // form (ませ, おら, でき before ない) never does: the rest of the predicate follows.
  bool EndsPredicate(size_t i) const {
    const Token& t = tokens_[i];
    if (IsIdiomZu(tokens_, i) || IsIrrealis(t)) return false;
    return IsPredicateWord(t) || IsPos(t, "助詞", "接続助詞");
  }

  // Token t cannot start a clause: a line broke inside a predicate ("でき\nません", "でき\nない";
  // MeCab reads a line-initial ない as the adjective).
  static bool ContinuesPredicate(const Token& t) {
    return IsPos(t, "助動詞") || IsPos(t, "助詞") || IsPos(t, "動詞", "非自立") || IsPos(t, "動詞", "接尾") ||
           IsPos(t, "形容詞", "非自立") || IsPos(t, "名詞", "非自立") || IsPos(t, "名詞", "接尾") ||
           (IsPos(t, "形容詞") && t.base == "ない");
  }

  // If tokens from i spell a bare answer (one to three tokens, then whitespace, a symbol or the
  // end), returns whether it is negative.
  std::optional<bool> BareAnswerAt(size_t i) const {
    std::string word;
    for (size_t k = i; k < tokens_.size() && k < i + 3; ++k) {
      if (k > i && !Gap(k).empty()) break;
      word += tokens_[k].surface;
      const bool closed = k + 1 == tokens_.size() || !Gap(k + 1).empty() || IsPos(tokens_[k + 1], "記号");
      if (!closed) continue;
      if (IsOneOf(word, Answers().negative)) return true;
      if (IsOneOf(word, Answers().positive)) return false;
    }
    return std::nullopt;
  }

  struct Chain {
    size_t begin;  // first token of the chain (its head noun included)
    int negations;
  };

  // Reads the predicate chain that ends at token last (inclusive) backwards, not below lower.
  Chain ReadChain(size_t last, size_t lower) const {
    int negations = 0;
    size_t k = last + 1;  // chain is [k, last]
    while (k > lower) {
      const size_t j = k - 1;
      const Token& t = tokens_[j];
      if (IsPredicateWord(t) || IsStrandedN(tokens_, j)) {
        negations += NegationsIn(tokens_, j);
      } else if (IsPos(t, "助詞", "接続助詞") && (t.surface == "て" || t.surface == "で")) {
        // 提供して|おり|ません
      } else if (IsPos(t, "助詞") && (t.surface == "と" || t.surface == "に") && k <= last &&
                 IsPos(tokens_[k], "動詞") && (tokens_[k].base == "なる" || tokens_[k].base == "する")) {
        // 不可と|なります, 対象外に|しています
      } else if (IsPos(t, "助詞", "係助詞") && (t.surface == "は" || t.surface == "も") && j > lower &&
                 IsPos(tokens_[j - 1], "助詞", "接続助詞")) {
        // 提供しては|おりません
      } else {
        break;
      }
      k = j;
    }
    // The noun the chain hangs on (or, for a chain-less clause, the clause's last noun phrase).
    size_t head_end = k;
    while (k > lower && IsNounLike(tokens_[k - 1]) && (k == head_end || Gap(k).empty())) --k;
    if (k < head_end && EndsWithNegativeNoun(k, head_end)) ++negations;
    // 行わない方針です: a stance noun passes on the negation of the predicate before it.
    if (head_end == k + 1 && IsOneOf(tokens_[k].surface, kStanceNouns) && k > lower &&
        IsPredicateWord(tokens_[k - 1])) {
      const Chain before = ReadChain(k - 1, lower);
      return {before.begin, negations + before.negations};
    }
    return {k, negations};
  }

  // Whether the noun run [begin, end) ends with a negative noun made of whole tokens.
  bool EndsWithNegativeNoun(size_t begin, size_t end) const {
    std::string suffix;
    for (size_t k = end; k > begin; --k) {
      suffix.insert(0, tokens_[k - 1].surface);
      if (IsOneOf(suffix, NegativeNouns())) return true;
    }
    return false;
  }

  bool Evaluate(size_t anchor, size_t end) const {
    // Closing brackets, punctuation and sentence-final particles are not the predicate.
    size_t last = end;
    while (last > anchor && (IsSymbol(tokens_[last - 1]) || IsPos(tokens_[last - 1], "助詞", "終助詞")) &&
           !IsStrandedN(tokens_, last - 1)) {
      --last;
    }
    if (last == anchor) return false;
    const Chain outer = ReadChain(last - 1, anchor);
    int negations = outer.negations;
    const size_t b = outer.begin;
    if (b >= anchor + 2 && IsPos(tokens_[b - 1], "助詞") &&
        (tokens_[b - 1].surface == "は" || tokens_[b - 1].surface == "も" ||
         tokens_[b - 1].surface == "が") &&
        IsOneOf(tokens_[b - 2].surface, kNominalizers)) {
      // しないことはない: the predicate before こと counts too.
      if (b >= anchor + 3) negations += ReadChain(b - 3, anchor).negations;
    } else if (negations % 2 == 1 && (OnlyBefore(anchor, b) || RequiredBefore(anchor, b))) {
      ++negations;
    }
    return negations % 2 == 1;
  }

  // …しか…ない: "only", a restriction rather than a negation.
  bool OnlyBefore(size_t anchor, size_t chain_begin) const {
    for (size_t k = anchor; k < chain_begin; ++k) {
      if (IsPos(tokens_[k], "助詞") && tokens_[k].surface == "しか") return true;
    }
    return false;
  }

  // なしでは / なくては / なければ / ないと … ない: the thing is required, not absent.
  bool RequiredBefore(size_t anchor, size_t chain_begin) const {
    size_t k = chain_begin;
    int skipped = 0;
    while (k > anchor && skipped < 3) {
      const Token& t = tokens_[k - 1];
      const bool linker =
          (IsPos(t, "助詞") && (t.surface == "は" || t.surface == "も" || t.surface == "て" ||
                                t.surface == "で" || t.surface == "ば" || t.surface == "と")) ||
          (IsPos(t, "助動詞") && t.surface == "で") || IsComma(t);
      if (!linker) break;
      --k;
      ++skipped;
    }
    return skipped > 0 && k > anchor && NegationsIn(tokens_, k - 1) > 0;
  }

  std::string_view text_;
  const std::vector<Token>& tokens_;
};

}  // namespace

// ---- Tokenizer --------------------------------------------------------------------------------

uint64_t NextTokenizerId() {
  static std::atomic<uint64_t> next{1};
  return next++;
}

// The last analyses of a thread, by tokenizer, offset and text (in a key); the oldest go first.
class RecentAnalyses {
 public:
  const std::vector<Token>* Find(const std::string& key) const {
    auto it = analyses_.find(key);
    return it == analyses_.end() ? nullptr : &it->second;
  }
  const std::vector<Token>& Add(std::string key, std::vector<Token> tokens) {
    if (order_.size() >= kKept) {
      analyses_.erase(order_.front());
      order_.pop_front();
    }
    order_.push_back(key);
    return analyses_.emplace(std::move(key), std::move(tokens)).first->second;
  }

 private:
  static constexpr size_t kKept = 32;
  std::unordered_map<std::string, std::vector<Token>> analyses_;
  std::deque<std::string> order_;
};

struct Tokenizer::Impl {
  std::unique_ptr<MeCab::Model, ModelDeleter> model;

  // Appends the tokens of text[begin, end) (whole pieces) to out.
  void Analyse(std::string_view text, size_t begin, size_t end, std::vector<Token>* out) const {
    if (begin >= end) return;
    std::unique_ptr<MeCab::Tagger, TaggerDeleter> tagger(model->createTagger());
    std::unique_ptr<MeCab::Lattice, LatticeDeleter> lattice(model->createLattice());
    if (!tagger || !lattice) return;
    size_t line_begin = begin;
    while (line_begin < end) {
      const size_t line_end = std::min(LineEnd(text, line_begin), end);
      size_t piece_begin = line_begin;
      while (piece_begin < line_end) {
        const size_t piece_end = PieceEnd(text, piece_begin, line_end);
        size_t length = piece_end - piece_begin;
        if (length > 0 && text[piece_begin + length - 1] == '\r') --length;  // CRLF
        if (length > 0) ParsePiece(text, piece_begin, length, tagger.get(), lattice.get(), out);
        piece_begin = piece_end;
      }
      line_begin = line_end + 1;
    }
  }

  static void ParsePiece(std::string_view text, size_t begin, size_t length, MeCab::Tagger* tagger,
                         MeCab::Lattice* lattice, std::vector<Token>* out) {
    lattice->set_sentence(text.data() + begin, length);
    if (!tagger->parse(lattice)) return;
    for (const MeCab::Node* node = lattice->bos_node(); node != nullptr; node = node->next) {
      if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE || node->length == 0) continue;
      Token token;
      token.begin = static_cast<size_t>(node->surface - text.data());
      token.end = token.begin + node->length;
      token.surface.assign(node->surface, node->length);
      token.unknown = node->stat == MECAB_UNK_NODE;
      // feature: 品詞,細分類1,細分類2,細分類3,活用型,活用形,原形[,読み,発音]
      std::string_view feature = node->feature != nullptr ? node->feature : "";
      std::array<std::string_view, 7> fields{};  // the ones kensa keeps
      size_t field = 0, start = 0;
      for (size_t p = 0; p <= feature.size() && field < fields.size(); ++p) {
        if (p == feature.size() || feature[p] == ',') {
          fields[field++] = feature.substr(start, p - start);
          start = p + 1;
        }
      }
      token.pos = fields[0];
      token.pos1 = fields[1];
      token.pos2 = fields[2];
      token.form = fields[5];
      token.base = fields[6].empty() || fields[6] == "*" ? token.surface : std::string(fields[6]);
      out->push_back(std::move(token));
    }
    lattice->clear();
  }

  // The tokens of the piece holding pos (pos < text.size()) and of the pieces up to `more_lines`
  // line breaks after it. Negation is asked once per statement a rule finds, and several rules find
  // theirs in the same lines: the analyses of recent lines are kept, per thread, rather than run
  // through MeCab again (the rules read a passage one after another: the last 32 hold its lines).
  const std::vector<Token>& AnalyseAround(std::string_view text, size_t pos, int more_lines) const {
    auto [begin, end] = PieceAt(text, pos);
    for (int line = 0; line < more_lines && end < text.size(); ++line) {
      if (!IsLineBreak(text[end])) break;  // the piece ended mid-line; enough text
      if (end + 1 >= text.size()) break;
      end = PieceAt(text, end + 1).second;
    }
    thread_local RecentAnalyses recent;
    std::string key = std::to_string(id) + ":" + std::to_string(begin) + ":";
    key.append(text.substr(begin, end - begin));
    if (const std::vector<Token>* known = recent.Find(key)) return *known;
    std::vector<Token> tokens;
    Analyse(text, begin, end, &tokens);
    return recent.Add(std::move(key), std::move(tokens));
  }

  // Tells tokenizers apart in RecentAnalyses (two may hold different dictionaries).
  const uint64_t id = NextTokenizerId();
};

TokenizerOptions DefaultTokenizerOptions() {
  TokenizerOptions options;
  options.system_dictionary = KENSA_SYSTEM_DICTIONARY_PATH;
  options.user_dictionary = FindDataPaths().user_dictionary;
  return options;
}

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Tokenizer::~Tokenizer() = default;

Result<std::shared_ptr<const Tokenizer>> Tokenizer::Create(const TokenizerOptions& options) {
  if (options.system_dictionary.empty()) {
    return Result<std::shared_ptr<const Tokenizer>>::Error(ErrorKind::kConfig,
                                                           "no MeCab system dictionary given");
  }
  // argv rather than one string: a path may hold spaces. "-r /dev/null": no resource file, so
  // /etc/mecabrc (whose dicdir follows whichever dictionary package was installed last), ~/.mecabrc
  // and $MECABRC are never read; everything MeCab needs comes from these flags and the dicrc in the
  // dictionary directory.
  auto load = [](const std::string& system, const std::string& user) {
    std::vector<std::string> args = {"kensa", "-r", "/dev/null", "-d", system};
    if (!user.empty()) {
      args.push_back("-u");
      args.push_back(user);
    }
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    return std::unique_ptr<MeCab::Model, ModelDeleter>(
        MeCab::createModel(static_cast<int>(args.size()), argv.data()));
  };
  std::unique_ptr<MeCab::Model, ModelDeleter> model =
      load(options.system_dictionary, options.user_dictionary);
  if (!model) {
    const std::string error = LastMeCabError();
    // Tell the two dictionaries apart: retry without the user dictionary.
    if (!options.user_dictionary.empty() && load(options.system_dictionary, "")) {
      return Result<std::shared_ptr<const Tokenizer>>::Error(
          ErrorKind::kConfig,
          "cannot load the MeCab user dictionary " + options.user_dictionary + ": " + error);
    }
    return Result<std::shared_ptr<const Tokenizer>>::Error(
        ErrorKind::kConfig,
        "cannot load the MeCab system dictionary " + options.system_dictionary + ": " + error);
  }
  // Every offset and word list here is UTF-8; an EUC-JP dictionary would load and then find nothing.
  for (const MeCab::DictionaryInfo* info = model->dictionary_info(); info != nullptr; info = info->next) {
    std::string charset = info->charset != nullptr ? info->charset : "";
    std::transform(charset.begin(), charset.end(), charset.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (charset != "utf-8" && charset != "utf8") {
      const std::string which = info->type == MECAB_USR_DIC ? "user" : "system";
      return Result<std::shared_ptr<const Tokenizer>>::Error(
          ErrorKind::kConfig, "the MeCab " + which + " dictionary " + std::string(info->filename) + " is " +
                                  (charset.empty() ? "of unknown charset" : info->charset) +
                                  "; kensa needs UTF-8 (mecab-ipadic-utf8)");
    }
  }
  auto impl = std::make_unique<Impl>();
  impl->model = std::move(model);
  return std::shared_ptr<const Tokenizer>(new Tokenizer(std::move(impl)));
}

std::vector<Token> Tokenizer::Tokenize(std::string_view text) const {
  StageTimer timer(Stage::kTokens);
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 4);
  impl_->Analyse(text, 0, text.size(), &tokens);
  return tokens;
}

bool Tokenizer::IsNegated(std::string_view text, size_t at) const {
  StageTimer timer(Stage::kTokens);
  if (at >= text.size()) return false;
  const std::vector<Token>& tokens = impl_->AnalyseAround(text, at, kMaxClauseLineBreaks);
  auto anchor = std::find_if(tokens.begin(), tokens.end(), [&](const Token& t) { return t.end > at; });
  if (anchor == tokens.end()) return false;
  return ClauseReader(text, tokens).IsNegatedFrom(static_cast<size_t>(anchor - tokens.begin()));
}

std::string MecabVersion() { return mecab_version(); }

}  // namespace kensa
