#include "identity/service_identity.h"

#include <toml++/toml.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <set>
#include <utility>

#include "common/utf8.h"

namespace kensa {

// dictionaries/service_words.toml, compiled in by kensa_embed_text (pipeline/identity/CMakeLists.txt).
extern const std::string_view kServiceWordsToml;

namespace {

// ---- The words file -------------------------------------------------------------------------------

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Reads the file into ServiceWords; each method returns the first error, naming the file and line.
class ServiceWordsReader {
 public:
  explicit ServiceWordsReader(std::string_view name) : name_(name) {}

  Result<ServiceWords> Read(std::string_view toml) {
    toml::table root;
    try {
      root = toml::parse(toml, name_);
    } catch (const toml::parse_error& e) {
      return Status::Error(ErrorKind::kConfig, name_ + ":" + std::to_string(e.source().begin.line) + ": " +
                                                   std::string(e.description()));
    }
    ServiceWords w;
    const std::pair<std::string_view, std::vector<std::pair<std::string_view, std::vector<std::string>*>>> tables[] = {
        {"service",
         {{"labels", &w.service_labels},
          {"definitions", &w.definitions},
          {"quote_before", &w.quote_before},
          {"quote_after", &w.quote_after},
          {"use_marks", &w.use_marks},
          {"provider_marks", &w.provider_marks},
          {"quote_subject", &w.quote_subject},
          {"self_reference_marks", &w.self_reference_marks},
          {"self_reference_nouns", &w.self_reference_nouns},
          {"topic_markers", &w.topic_markers},
          {"document_kinds", &w.document_kinds},
          {"generic", &w.generic},
          {"topic_words", &w.topic_words},
          {"partner_marks", &w.partner_marks}}},
        {"vendor",
         {{"labels", &w.vendor_labels},
          {"company_forms", &w.company_forms},
          {"name_ends", &w.name_ends},
          {"departments", &w.departments},
          {"department_units", &w.department_units},
          {"addressee", &w.addressee},
          {"addressee_line_end", &w.addressee_line_end},
          {"customer_marks", &w.customer_marks},
          {"colophon", &w.colophon}}},
        {"technology", {{"names", &w.technology}}},
    };
    for (const auto& [key, node] : root) {
      if (std::none_of(std::begin(tables), std::end(tables), [&](const auto& t) { return t.first == key.str(); })) {
        return Error(node, "unknown key " + Quoted(key.str()));
      }
    }
    for (const auto& [table_name, lists] : tables) {
      const toml::table* table = root[table_name].as_table();
      if (table == nullptr) return Error(root, "no [" + std::string(table_name) + "] table");
      for (const auto& [key, node] : *table) {
        if (std::none_of(lists.begin(), lists.end(), [&](const auto& l) { return l.first == key.str(); })) {
          return Error(node, "unknown key " + Quoted(key.str()));
        }
      }
      for (const auto& [key, out] : lists) {
        Status status = Strings(*table, key, *out);
        if (!status.ok()) return status;
      }
    }
    return w;
  }

 private:
  Status Error(const toml::node& node, const std::string& message) const {
    return Status::Error(ErrorKind::kConfig, name_ + ":" + std::to_string(node.source().begin.line) + ": " + message);
  }

  Status Strings(const toml::table& table, std::string_view key, std::vector<std::string>& out) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) return Error(table, "no " + Quoted(key));
    const toml::array* array = node->as_array();
    if (array == nullptr) return Error(*node, Quoted(key) + " is not an array");
    if (array->empty()) return Error(*node, Quoted(key) + " has no words");
    std::set<std::string> seen;
    for (const toml::node& element : *array) {
      if (!element.is_string()) return Error(element, Quoted(key) + ": every element must be a string");
      std::string word = element.as_string()->get();
      if (word.empty()) return Error(element, Quoted(key) + ": an empty word");
      if (!seen.insert(word).second) return Error(element, Quoted(key) + ": " + Quoted(word) + " is listed twice");
      out.push_back(std::move(word));
    }
    return Status::Ok();
  }

  std::string name_;
};

// ---- Code points ----------------------------------------------------------------------------------

using U32 = std::u32string;
using U32View = std::u32string_view;

std::string ToUtf8(U32View s) {
  std::string out;
  for (char32_t c : s) utf8::Append(out, c);
  return out;
}

char32_t FoldAscii(char32_t c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

// Where `needle` occurs in `hay` from `from` on, ASCII letters compared without case; npos if nowhere.
size_t FindFolded(U32View hay, U32View needle, size_t from = 0) {
  if (needle.empty() || needle.size() > hay.size()) return U32::npos;
  // A first character that is no ASCII letter has one case: jump to where it occurs (most words
  // of the lexicon are Japanese; this search runs over every line of every document).
  const bool one_case_first = FoldAscii(needle[0]) == needle[0] && !(needle[0] >= 'a' && needle[0] <= 'z');
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (one_case_first && (i = hay.find(needle[0], i)) == U32::npos) return U32::npos;
    if (i + needle.size() > hay.size()) return U32::npos;
    size_t k = 0;
    while (k < needle.size() && FoldAscii(hay[i + k]) == FoldAscii(needle[k])) ++k;
    if (k == needle.size()) return i;
  }
  return U32::npos;
}
bool StartsWithFolded(U32View s, U32View prefix) {
  return prefix.size() <= s.size() && FindFolded(s.substr(0, prefix.size()), prefix) == 0;
}
bool EndsWithFolded(U32View s, U32View suffix) {
  return suffix.size() <= s.size() && FindFolded(s.substr(s.size() - suffix.size()), suffix) == 0;
}

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0; }
bool IsHiragana(char32_t c) { return c >= 0x3041 && c <= 0x309F; }
bool IsLatin(char32_t c) { return utf8::IsAsciiAlpha(c) || utf8::IsAsciiDigit(c); }
bool IsKatakana(char32_t c) { return (c >= 0x30A0 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF); }
// A character that may stand inside a product's or company's name (hiragana aside: see the callers).
bool IsNameChar(char32_t c) {
  return IsLatin(c) || IsKatakana(c) || utf8::IsKanji(c) || c == U'・' || c == U'@' || c == U'&' || c == U'+' ||
         c == U'.' || c == U'-' || c == U'\'' || c == U'_' || c == U'ー';
}
bool HasLetter(U32View s) {
  return std::any_of(s.begin(), s.end(),
                     [](char32_t c) { return utf8::IsAsciiAlpha(c) || utf8::IsKana(c) || utf8::IsKanji(c); });
}

// Opening and closing brackets that enclose a quoted name.
constexpr std::pair<char32_t, char32_t> kQuoteBrackets[] = {{U'「', U'」'}, {U'『', U'』'}, {U'【', U'】'}};

// Bullets and list marks that open a line before its content.
bool IsBullet(char32_t c) {
  return c == U'・' || c == U'-' || c == U'■' || c == U'□' || c == U'●' || c == U'◆' || c == U'◇' || c == U'•' ||
         c == U'*' || c == U'#' || c == U'▼' || c == U'▶' || c == U'>' || c == U'○' || c == U'◎' || c == U'※';
}

U32 TrimSpaces(U32View s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return U32(s.substr(b, e - b));
}

// The line without its opening bullets and surrounding spaces.
U32 TrimLine(U32View s) {
  U32 t = TrimSpaces(s);
  size_t b = 0;
  while (b < t.size() && (IsBullet(t[b]) || IsSpace(t[b]))) ++b;
  return t.substr(b);
}

// `s` without its parenthetical remarks "(…)" (an unclosed one runs to the end).
U32 DropParentheticals(U32View s) {
  U32 out;
  int depth = 0;
  for (char32_t c : s) {
    if (c == U'(') {
      ++depth;
    } else if (c == U')' && depth > 0) {
      --depth;
    } else if (depth == 0) {
      out += c;
    }
  }
  return out;
}

// Characters that end or open a candidate name without belonging to it.
bool IsEdgePunctuation(char32_t c) {
  return IsSpace(c) || c == U'。' || c == U'、' || c == U',' || c == U'.' || c == U':' || c == U';' || c == U'・' ||
         c == U'-' || c == U'|' || c == U'/' || c == U'—' || c == U'–' || c == U'~' || c == U'〜' || c == U'"' ||
         c == U'>' || c == U'<' || c == U'!' || c == U'?';
}

// `s` without a version that ends it ("X Ver.4.2", "X v3.1", "X バージョン2"): a title names the
// product with the release it describes, and the product is the same across releases.
U32 WithoutTrailingVersion(U32 s) {
  size_t end = s.size();
  while (end > 0 && IsSpace(s[end - 1])) --end;
  size_t digits = end;
  while (digits > 0 && (utf8::IsAsciiDigit(s[digits - 1]) || s[digits - 1] == U'.')) --digits;
  if (digits == end || !std::any_of(s.begin() + digits, s.begin() + end, [](char32_t c) { return utf8::IsAsciiDigit(c); })) {
    return s;
  }
  size_t mark = digits;
  while (mark > 0 && IsSpace(s[mark - 1])) --mark;
  for (U32View word : {U32View(U"version"), U32View(U"バージョン"), U32View(U"ver."), U32View(U"ver"), U32View(U"v")}) {
    if (mark < word.size() || !EndsWithFolded(U32View(s).substr(0, mark), word)) continue;
    const size_t start = mark - word.size();
    // "v" and "ver" only as a word of their own: not the end of "Dev3" or "Server 2".
    if (start > 0 && IsLatin(s[start - 1])) return s;
    if (start == 0) return s;  // a version alone is no name to keep
    s.resize(start);
    return s;
  }
  return s;
}

// A candidate name tidied: cut at a column gap, a tab or a URL, parenthetical remarks dropped,
// enclosing brackets and edge punctuation removed, runs of spaces made one.
U32 CleanName(U32View raw) {
  U32 s(raw);
  for (U32View cut : {U32View(U"\t"), U32View(U"  "), U32View(U"http")}) {
    size_t at = s.find(cut);
    if (at != U32::npos) s.resize(at);
  }
  s = DropParentheticals(s);
  // Brackets left empty once a document kind was taken out ("X「」回答書").
  for (auto [open, close] : kQuoteBrackets) {
    for (size_t at = s.find(U32{open, close}); at != U32::npos; at = s.find(U32{open, close})) s.erase(at, 2);
  }
  // A version run into the name ("X第1.0版", "X Ver.2").
  for (size_t at = s.find(U'第'); at != U32::npos; at = s.find(U'第', at + 1)) {
    size_t end = at + 1;
    while (end < s.size() && (utf8::IsAsciiDigit(s[end]) || s[end] == U'.')) ++end;
    if (end > at + 1 && end < s.size() && s[end] == U'版') s.erase(at, end + 1 - at);
  }
  s = WithoutTrailingVersion(s);
  // A section number opening a heading ("4.1.1. 概要", "1. はじめに").
  size_t numbered = 0;
  while (numbered < s.size() && (utf8::IsAsciiDigit(s[numbered]) || s[numbered] == U'.')) ++numbered;
  if (numbered > 0 && numbered < s.size() && s[numbered - 1] == U'.' && (IsSpace(s[numbered]) || !IsLatin(s[numbered]))) {
    s.erase(0, numbered);
  }
  for (bool changed = true; changed;) {
    changed = false;
    s = TrimSpaces(s);
    for (auto [open, close] : kQuoteBrackets) {
      if (s.size() >= 2 && s.front() == open && s.back() == close) {
        s = s.substr(1, s.size() - 2);
        changed = true;
      }
    }
    while (!s.empty() && IsEdgePunctuation(s.back()) && !(s.back() == U'.' && s.size() > 1 && IsLatin(s[s.size() - 2]))) {
      s.pop_back();
      changed = true;
    }
    while (!s.empty() && IsEdgePunctuation(s.front())) {
      s.erase(0, 1);
      changed = true;
    }
  }
  U32 out;
  for (char32_t c : s) {
    if (IsSpace(c) && !out.empty() && out.back() == U' ') continue;
    out += IsSpace(c) ? U' ' : c;
  }
  return out;
}

// ---- The words, ready to match ---------------------------------------------------------------------

std::vector<U32> ToU32(const std::vector<std::string>& words) {
  std::vector<U32> out;
  for (const std::string& w : words) out.push_back(utf8::Decode(w));
  // The longest first: a reader takes the first word that matches.
  std::stable_sort(out.begin(), out.end(), [](const U32& a, const U32& b) { return a.size() > b.size(); });
  return out;
}

std::set<std::string> Keys(const std::vector<std::string>& words) {
  std::set<std::string> out;
  for (const std::string& w : words) out.insert(ServiceKey(w));
  return out;
}

struct Lexicon {
  std::vector<U32> service_labels, definitions, quote_before, quote_after, use_marks, provider_marks, quote_subject,
      self_reference_marks, self_reference_nouns, topic_markers, document_kinds, topic_words, partner_marks;
  std::vector<U32> vendor_labels, company_forms, name_ends, departments, department_units, addressee, addressee_line_end,
      customer_marks, colophon, technology;
  std::vector<std::string> generic_keys;  // ServiceKey of each generic word, the longest first
  std::set<std::string> generic_key_set, technology_keys, document_kind_keys;

  explicit Lexicon(const ServiceWords& w)
      : service_labels(ToU32(w.service_labels)),
        definitions(ToU32(w.definitions)),
        quote_before(ToU32(w.quote_before)),
        quote_after(ToU32(w.quote_after)),
        use_marks(ToU32(w.use_marks)),
        provider_marks(ToU32(w.provider_marks)),
        quote_subject(ToU32(w.quote_subject)),
        self_reference_marks(ToU32(w.self_reference_marks)),
        self_reference_nouns(ToU32(w.self_reference_nouns)),
        topic_markers(ToU32(w.topic_markers)),
        document_kinds(ToU32(w.document_kinds)),
        topic_words(ToU32(w.topic_words)),
        partner_marks(ToU32(w.partner_marks)),
        vendor_labels(ToU32(w.vendor_labels)),
        company_forms(ToU32(w.company_forms)),
        name_ends(ToU32(w.name_ends)),
        departments(ToU32(w.departments)),
        department_units(ToU32(w.department_units)),
        addressee(ToU32(w.addressee)),
        addressee_line_end(ToU32(w.addressee_line_end)),
        customer_marks(ToU32(w.customer_marks)),
        colophon(ToU32(w.colophon)),
        technology(ToU32(w.technology)),
        generic_key_set(Keys(w.generic)),
        technology_keys(Keys(w.technology)),
        document_kind_keys(Keys(w.document_kinds)) {
    generic_keys.assign(generic_key_set.begin(), generic_key_set.end());
    std::stable_sort(generic_keys.begin(), generic_keys.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  }
};

const Lexicon& SharedLexicon() {
  static const Lexicon* const lexicon = new Lexicon(SharedServiceWords());  // never freed: read until exit
  return *lexicon;
}

// The first word of `words` that `s` starts with (ASCII letters without case), or nullptr.
const U32* StartingWord(U32View s, const std::vector<U32>& words) {
  for (const U32& w : words) {
    if (StartsWithFolded(s, w)) return &w;
  }
  return nullptr;
}
bool ContainsAny(U32View s, const std::vector<U32>& words) {
  return std::any_of(words.begin(), words.end(), [&](const U32& w) { return FindFolded(s, w) != U32::npos; });
}

// A Latin word matches only as a whole word ("Inc" is not in "Incline"); a Japanese one anywhere.
size_t FindWord(U32View s, U32View word, size_t from = 0) {
  for (size_t at = FindFolded(s, word, from); at != U32::npos; at = FindFolded(s, word, at + 1)) {
    const bool latin_start = IsLatin(word.front()), latin_end = IsLatin(word.back());
    if (latin_start && at > 0 && IsLatin(s[at - 1])) continue;
    if (latin_end && at + word.size() < s.size() && utf8::IsAsciiAlpha(s[at + word.size()])) continue;
    return at;
  }
  return U32::npos;
}

// A date or a version ("2025年", "第2.0版", "Ver.3") is never a name.
bool LooksLikeDateOrVersion(U32View s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (!utf8::IsAsciiDigit(s[i])) continue;
    if (i + 1 < s.size() && (s[i + 1] == U'年' || s[i + 1] == U'月' || s[i + 1] == U'日' || s[i + 1] == U'版')) return true;
    if (i > 0 && s[i - 1] == U'第') return true;
  }
  return FindFolded(s, U"ver.") != U32::npos || FindFolded(s, U"version") != U32::npos;
}

bool IsTechnology(U32View name, const Lexicon& lex) {
  const std::string key = ServiceKey(ToUtf8(name));
  if (lex.technology_keys.count(key) != 0) return true;
  // "Google Cloud の東京リージョン", "Azure AD": a name that opens with a platform's is about the platform.
  const U32View first_word = name.substr(0, std::min(name.find(U' '), name.size()));
  if (lex.technology_keys.count(ServiceKey(ToUtf8(first_word))) != 0 && first_word.size() < name.size()) return true;
  // "IPアドレス制限機能", "AWS起因": a Latin technology word run into Japanese.
  size_t latin = 0;
  while (latin < name.size() && IsLatin(name[latin])) ++latin;
  return latin > 0 && latin < name.size() && !IsSpace(name[latin]) &&
         lex.technology_keys.count(ServiceKey(ToUtf8(name.substr(0, latin)))) != 0;
}

bool HasCompanyForm(U32View s, const Lexicon& lex) {
  return std::any_of(lex.company_forms.begin(), lex.company_forms.end(),
                     [&](const U32& f) { return FindWord(s, f) != U32::npos; });
}

// Whether the key is made only of generic words ("本サービス", "クラウドサービス", "当社システム").
bool IsOnlyGeneric(std::string key, const Lexicon& lex) {
  for (const std::string& g : lex.generic_keys) {
    for (size_t at = key.find(g); !g.empty() && at != std::string::npos; at = key.find(g)) key.erase(at, g.size());
  }
  return key.empty();
}

// Whether `name` is a self-reference: 本/当/弊/同 and a common noun ("本目標", "本規約", "当システム",
// "同サービス"), which a document writes where it means itself, never a product's name. The noun is a
// few kanji alone, a generic word or one of `self_reference_nouns`; "本棚クラウドNEXT" is a name.
bool IsSelfReference(U32View name, const Lexicon& lex) {
  if (name.size() < 2 || StartingWord(name, lex.self_reference_marks) == nullptr) return false;
  const U32View noun = name.substr(1);
  if (noun.size() <= 4 && std::all_of(noun.begin(), noun.end(), [](char32_t c) { return utf8::IsKanji(c); })) return true;
  if (IsOnlyGeneric(ServiceKey(ToUtf8(noun)), lex)) return true;
  return std::any_of(lex.self_reference_nouns.begin(), lex.self_reference_nouns.end(),
                     [&](const U32& w) { return FindFolded(noun, w) == 0 && noun.size() == w.size(); });
}

// Whether a cleaned candidate can be a service's name: of a name's length, with a letter, not a date,
// not generic words alone, not a self-reference, not a topic, not a technology, not a company. A name
// of hiragana alone is one only when `hiragana_ok` (it was quoted or labelled: "「まなびのもり」"); in a
// title or running text such a phrase is a slogan ("止まらない").
bool IsServiceName(U32View name, const Lexicon& lex, bool hiragana_ok = false) {
  if (name.size() < 2 || name.size() > 40 || !HasLetter(name)) return false;
  for (char32_t c : name) {
    if (c == U'「' || c == U'」' || c == U'『' || c == U'』' || c == U'【' || c == U'】' || c == U'。' || c == U'(' ||
        c == U')' || c == U'?') {
      return false;
    }
  }
  // A phrase of hiragana alone ("止まらない") is a slogan, not a product.
  if (!hiragana_ok && std::all_of(name.begin(), name.end(), [](char32_t c) { return IsHiragana(c) || IsSpace(c); })) {
    return false;
  }
  if (IsSelfReference(name, lex)) return false;
  const std::string key = ServiceKey(ToUtf8(name));
  if (utf8::Length(key) < 2 || IsOnlyGeneric(key, lex)) return false;
  if (LooksLikeDateOrVersion(name) || ContainsAny(name, lex.topic_words)) return false;
  if (IsTechnology(name, lex) || HasCompanyForm(name, lex)) return false;
  // A name that is only a document kind ("ホワイトペーパー") names no service.
  return lex.document_kind_keys.count(key) == 0;
}

// ---- Lines ------------------------------------------------------------------------------------------

struct Line {
  U32 text;           // trimmed of spaces and opening bullets
  bool bulleted = false;  // it opened with a bullet or list mark: an item of a list, not a title
  size_t offset = 0;  // byte offset of the raw line in the normalized text
  int page = 0;
  int index_on_page = 0;  // 0 for the first non-empty line of its page
  // spaced[i]: the raw text had a space before text[i] that the normalizer dropped (between two
  // Japanese words: "一般社団法人 みらい学習ネットワーク　システム運営部"), which tells where a name ends.
  std::vector<bool> spaced;

  // The index of the first dropped space in [from, to) of text, or `to` when none.
  size_t FirstSpaced(size_t from, size_t to) const {
    for (size_t i = std::max<size_t>(from, 1); i < std::min(to, spaced.size()); ++i) {
      if (spaced[i]) return i;
    }
    return to;
  }
};

// Which characters of text[start, end) of the normalized text had a space before them in the raw text
// that the normalizer dropped: two Japanese characters whose raw offsets are further apart than the
// first one's three bytes.
std::vector<bool> DroppedSpaces(const NormalizedText& normalized, size_t start, size_t end) {
  std::vector<bool> spaced;
  size_t previous = std::string::npos;
  for (size_t at = start; at < end;) {
    const unsigned char lead = static_cast<unsigned char>(normalized.text[at]);
    const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    bool gap = false;
    if (previous != std::string::npos && length == 3 && at - previous == 3 && at < normalized.raw_offset_of.size() &&
        normalized.PageAt(at) == normalized.PageAt(previous)) {
      gap = normalized.raw_offset_of[at] > normalized.raw_offset_of[previous] + 3;
    }
    spaced.push_back(gap);
    previous = length == 3 ? at : std::string::npos;
    at += length;
  }
  return spaced;
}

std::vector<Line> SplitLines(const NormalizedText& normalized) {
  std::vector<Line> lines;
  const std::string& text = normalized.text;
  int page = -1, index_on_page = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of("\n\f", start);
    if (end == std::string::npos) end = text.size();
    const U32 decoded = utf8::Decode(std::string_view(text).substr(start, end - start));
    const U32 raw = TrimSpaces(decoded);
    U32 line = TrimLine(raw);
    if (!line.empty()) {
      const bool bulleted = line.size() < raw.size();
      const int line_page = normalized.PageAt(start);
      if (line_page != page) {
        page = line_page;
        index_on_page = 0;
      }
      // The line is decoded[lead, lead + size): only spaces and bullets stand before it.
      std::vector<bool> spaced = DroppedSpaces(normalized, start, end);
      const size_t lead = decoded.find(line);
      if (spaced.size() == decoded.size() && lead != U32::npos) {
        spaced = std::vector<bool>(spaced.begin() + lead, spaced.begin() + lead + line.size());
      } else {
        spaced.assign(line.size(), false);
      }
      lines.push_back({std::move(line), bulleted, start, line_page, index_on_page++, std::move(spaced)});
    }
    start = end + 1;
  }
  return lines;
}

int CountOccurrences(std::string_view text, std::string_view name, int cap) {
  if (name.empty()) return 0;
  int count = 0;
  for (size_t at = text.find(name); at != std::string_view::npos && count < cap; at = text.find(name, at + name.size())) {
    ++count;
  }
  return count;
}

// ---- Service candidates ----------------------------------------------------------------------------

// The signals, strongest first: the score a candidate gets from one sighting.
enum class Signal { kLabel, kDefinition, kQuoted, kUsed, kTitle, kSubject };
constexpr std::string_view kSignalNames[] = {"label", "definition", "quoted", "used", "title", "subject"};
constexpr int kSignalScores[] = {100, 80, 60, 55, 50, 25};
// A candidate is taken from this score on (a title line alone does, a single subject does not).
constexpr int kMinServiceScore = 50;

struct Sighting {
  U32 name;
  U32 raw;  // as written, before CleanName: the name's recurrences are counted in either form
  Signal signal;
  const Line* line;
  int score;
};

class ServiceReader {
 public:
  ServiceReader(const std::vector<Line>& lines, const Lexicon& lex) : lines_(lines), lex_(lex) {}

  std::vector<Sighting> Read() {
    for (size_t i = 0; i < lines_.size(); ++i) {
      ReadLabel(i);
      ReadDefinitions(lines_[i]);
      ReadQuoted(lines_[i]);
      ReadUsed(lines_[i]);
    }
    ReadTitle();
    ReadSubjects();
    return std::move(sightings_);
  }

 private:
  void Add(U32View raw, Signal signal, const Line& line, int score = -1) {
    U32 name = CleanName(raw);
    // A name written in hiragana is one when the document sets it apart: a label, a definition, brackets.
    const bool hiragana_ok = signal == Signal::kLabel || signal == Signal::kDefinition || signal == Signal::kQuoted;
    if (!IsServiceName(name, lex_, hiragana_ok)) return;
    sightings_.push_back(
        {std::move(name), U32(raw), signal, &line, score >= 0 ? score : kSignalScores[static_cast<int>(signal)]});
  }

  // "サービス名称:X", "サービス名 X", or the label alone with X on the next line.
  void ReadLabel(size_t i) {
    const U32& text = lines_[i].text;
    const U32* label = StartingWord(text, lex_.service_labels);
    if (label == nullptr) return;
    U32View rest = U32View(text).substr(label->size());
    if (rest.empty()) {
      if (i + 1 < lines_.size()) Add(lines_[i + 1].text, Signal::kLabel, lines_[i + 1]);
      return;
    }
    if (rest.front() != U':' && !IsSpace(rest.front())) {
      // "対象サービス アルファメール" reaches here as one word (spaces between Japanese words are
      // dropped): weaker, the name must recur. "サービス名称の変更" is no label.
      if (!IsHiragana(rest.front()) && lines_[i].text.find(U' ') == U32::npos) Add(rest, Signal::kLabel, lines_[i], 45);
      return;
    }
    while (!rest.empty() && (rest.front() == U':' || IsSpace(rest.front()))) rest.remove_prefix(1);
    Add(rest, Signal::kLabel, lines_[i]);
  }

  // "X(以下「本サービス」という)", "「X」(以下「本サービス」)", "X(本システム)".
  void ReadDefinitions(const Line& line) {
    const U32& text = line.text;
    for (size_t open = text.find(U'('); open != U32::npos; open = text.find(U'(', open + 1)) {
      U32View inside = U32View(text).substr(open + 1);
      if (StartsWithFolded(inside, U"以下")) inside.remove_prefix(2);
      while (!inside.empty() && (inside.front() == U'、' || inside.front() == U',' || IsSpace(inside.front()) ||
                                 inside.front() == U'「' || inside.front() == U'"')) {
        inside.remove_prefix(1);
      }
      const U32* placeholder = StartingWord(inside, lex_.definitions);
      if (placeholder == nullptr) continue;
      const U32View after = inside.substr(placeholder->size());
      // "本サービス」", "本サービス)", "本サービスという": not "本サービス利用規約".
      if (!after.empty() && after.front() != U'」' && after.front() != U')' && after.front() != U'"' &&
          after.front() != U'と' && after.front() != U'。') {
        continue;
      }
      if (open > 0 && text[open - 1] == U'」') {
        const size_t quote = text.rfind(U'「', open - 1);
        if (quote != U32::npos) Add(U32View(text).substr(quote + 1, open - 2 - quote), Signal::kDefinition, line);
        continue;
      }
      Add(NameBefore(U32View(text).substr(0, open)), Signal::kDefinition, line);
    }
  }

  // The words just before a definition: back to the clause's start, after its verb or particle
  // ("本表は、X", "当社が提供するX").
  static U32 NameBefore(U32View before) {
    size_t start = before.size();
    while (start > 0 && before.size() - start < 40) {
      const char32_t c = before[start - 1];
      if (c == U'、' || c == U'。' || c == U',' || c == U'\t' || c == U'「' || c == U'」' || c == U'(' || c == U')' ||
          c == U':') {
        break;
      }
      --start;
    }
    U32View clause = before.substr(start);
    size_t cut = 0;
    for (U32View verb : {U32View(U"する"), U32View(U"した"), U32View(U"している"), U32View(U"は"), U32View(U"が"),
                         U32View(U"を"), U32View(U"にて"), U32View(U"における")}) {
      const size_t at = clause.rfind(verb);
      if (at != U32View::npos) cut = std::max(cut, at + verb.size());
    }
    return U32(clause.substr(cut));
  }

  // 「X」 after a service noun or a verb of offering, or before "をご利用"; 【X】 as a line of its own.
  void ReadQuoted(const Line& line) {
    const U32& text = line.text;
    for (auto [open_bracket, close_bracket] : kQuoteBrackets) {
      for (size_t open = text.find(open_bracket); open != U32::npos; open = text.find(open_bracket, open + 1)) {
        const size_t close = text.find(close_bracket, open + 1);
        if (close == U32::npos) break;
        const U32View name = U32View(text).substr(open + 1, close - open - 1);
        if (open_bracket == U'【') {
          // A heading in lenticular brackets names the product only as the document's title: alone on
          // one of page 1's first lines (or with its vendor: "【X】(提供:…)"), as on a flyer or an app
          // page. Further down it is a section's heading ("【バックアップ】").
          const U32View after = U32View(text).substr(close + 1);
          const bool top = line.page == lines_.front().page && line.index_on_page < 3;
          if (top && open == 0 && (after.empty() || after.front() == U'(')) Add(name, Signal::kQuoted, line, 50);
          continue;
        }
        U32View before = U32View(text).substr(0, open);
        while (!before.empty() && IsSpace(before.back())) before.remove_suffix(1);
        const U32View after = U32View(text).substr(close + 1);
        const bool noun_before = std::any_of(lex_.quote_before.begin(), lex_.quote_before.end(),
                                             [&](const U32& w) { return EndsWithFolded(before, w); });
        const bool used = StartingWord(after, lex_.use_marks) != nullptr || StartingWord(after, lex_.provider_marks) != nullptr;
        const bool verb_after = StartingWord(after, lex_.quote_after) != nullptr;
        // "この記事では、「X」の共有設定について": in the first lines a quoted subject is the product; one
        // of several quoted things ("「ファイル」と「データベース」の2つ") is not.
        const bool listed = EndsWithFolded(before, U"」と") || EndsWithFolded(before, U"」や") ||
                            EndsWithFolded(before, U"」、") || StartsWithFolded(after, U"と「") ||
                            StartsWithFolded(after, U"や「") || StartsWithFolded(after, U"、「");
        const bool opening = line.page == lines_.front().page && line.index_on_page < 3 && !listed && !verb_after &&
                             StartingWord(after, lex_.quote_subject) != nullptr;
        // "「X」をご利用" alone is weaker: a plan or a form is used too ("「優先受付フォーム」をご利用
        // ください"); "「X」をご利用いただき" and "「X」(提供:…)" are not said of a form.
        if (noun_before || used) {
          Add(name, Signal::kQuoted, line);
        } else if (opening) {
          Add(name, Signal::kQuoted, line, 50);
        } else if (verb_after) {
          Add(name, Signal::kQuoted, line, 45);
        }
      }
    }
  }

  // An unquoted name before a phrase of use or a provider's remark: "ミドリ予約をご利用のお客様へ",
  // "平素よりXをお使いの", "X(提供:株式会社Y)". The name runs back over katakana, kanji and Latin letters
  // (hiragana ends it: a particle or a verb), to the clause's start, and over one space that joins a
  // Latin word to the name ("HANABI CRM", "ルートナビ Cloud"). Quoted names are ReadQuoted's.
  void ReadUsed(const Line& line) {
    const U32& text = line.text;
    for (const std::vector<U32>* marks : {&lex_.use_marks, &lex_.provider_marks}) {
      for (const U32& mark : *marks) {
        for (size_t at = FindFolded(text, mark); at != U32::npos; at = FindFolded(text, mark, at + 1)) {
          const size_t end = at > 0 && text[at - 1] == U' ' ? at - 1 : at;  // "… Plus をご利用"
          size_t start = end;
          while (start > 0 && end - start < 30) {
            const char32_t c = text[start - 1];
            const bool joins_latin = c == U' ' && start > 1 && end > start && IsNameChar(text[start - 2]) &&
                                     IsNameChar(text[start]) && (IsLatin(text[start - 2]) || IsLatin(text[start]));
            if (!(IsNameChar(c) || joins_latin) || (start < line.spaced.size() && line.spaced[start])) break;
            --start;
          }
          if (start < end) Add(U32View(text).substr(start, end - start), Signal::kUsed, line);
        }
      }
    }
  }

  // The title lines of page 1: its first eight lines that are neither a table row nor a sentence.
  void ReadTitle() {
    std::vector<const Line*> title;
    for (const Line& line : lines_) {
      if (line.page != lines_.front().page || line.index_on_page >= 8) break;
      const U32& text = line.text;
      if (line.bulleted || text.size() > 60 || text.find(U'\t') != U32::npos || text.find(U'。') != U32::npos ||
          EndsWithFolded(text, U"ます") || EndsWithFolded(text, U"です")) {
        continue;
      }
      title.push_back(&line);
    }
    std::vector<bool> holds_kind(title.size(), false);
    for (size_t i = 0; i < title.size(); ++i) {
      const std::vector<U32View> parts = TitleParts(title[i]->text);
      for (U32View part : parts) {
        U32 rest = WithoutDocumentKinds(part);
        if (rest.size() == part.size()) continue;
        holds_kind[i] = true;
        AddTitleName(rest, *title[i]);
      }
      // "セキュリティへの取り組み|X": the other parts of a line with a document kind.
      if (holds_kind[i] && parts.size() > 1) {
        for (U32View part : parts) {
          if (WithoutDocumentKinds(part).size() == part.size()) AddTitleName(part, *title[i]);
        }
      }
    }
    // "X" / "セキュリティに関するよくあるご質問": a short line of the first four just above (or two above)
    // a document kind.
    for (size_t i = 0; i < title.size(); ++i) {
      if (holds_kind[i] || title[i]->text.size() > 30 || title[i]->index_on_page >= 4) continue;
      const bool kind_below = (i + 1 < title.size() && holds_kind[i + 1]) || (i + 2 < title.size() && holds_kind[i + 2]);
      if (kind_below && title[i]->text.find(U':') == U32::npos) AddTitleName(title[i]->text, *title[i]);
    }
  }

  // What is left of a title around its document kind, tidied: "使えるねっとの" -> "使えるねっと",
  // "Lightblue クラウドサービス" -> "Lightblue"; when that is no name, its first word
  // ("ソラノミチ勤怠 に関する" -> "ソラノミチ勤怠").
  void AddTitleName(U32View raw, const Line& line) {
    U32 name = WithoutTopic(CleanName(raw), line);
    if (name.empty()) return;
    const size_t last_space = name.rfind(U' ');
    if (last_space != U32::npos &&
        lex_.generic_key_set.count(ServiceKey(ToUtf8(U32View(name).substr(last_space + 1)))) != 0) {
      name.resize(last_space);
    }
    if (IsServiceName(name, lex_)) {
      Add(name, Signal::kTitle, line);
      return;
    }
    // "ソラノミチ勤怠のセキュリティ", "IIJセキュアMXサービスのISO/IEC 27017に基づく…": the name before the
    // topic.
    size_t topic = name.size();
    for (const U32& word : lex_.topic_words) topic = std::min(topic, FindFolded(name, word));
    if (topic > 0 && topic < name.size()) {
      U32 head = WithoutTopic(CleanName(U32View(name).substr(0, topic)), line);
      if (IsServiceName(head, lex_)) {
        Add(head, Signal::kTitle, line);
        return;
      }
    }
    if (const size_t space = name.find(U' '); space != U32::npos) Add(U32View(name).substr(0, space), Signal::kTitle, line);
  }

  // Whether the text names `name` as a product it works with ("Zendeskと連携", "Box連携"), not its own.
  bool IsPartner(U32View name) const {
    for (const Line& line : lines_) {
      for (size_t at = line.text.find(name); at != U32::npos; at = line.text.find(name, at + 1)) {
        if (StartingWord(U32View(line.text).substr(at + name.size()), lex_.partner_marks) != nullptr) return true;
      }
    }
    return false;
  }

  // A title's words up to a topic marker ("…に関する", "…のお知らせ"), without a trailing "の", and ""
  // when they are the topic itself: "データ保護に関する" names what the document is about, not a
  // product; "X データ保護に関する" (a space the normalizer dropped) keeps X; "X サービスレベルに関する"
  // (a document kind taken out between X and the marker) keeps X.
  U32 WithoutTopic(U32 name, const Line& line) const {
    size_t marker = name.size();
    for (const U32& word : lex_.topic_markers) marker = std::min(marker, FindFolded(name, word));
    if (marker < name.size()) name = CleanName(U32View(name).substr(0, marker));
    if (!name.empty() && name.back() == U'の') name = CleanName(U32View(name).substr(0, name.size() - 1));
    return IsTopicOf(name, line) ? NameBeforeTopic(name, line) : name;
  }

  // Whether `head`, as written on the line, is followed right away by a topic marker ("データ保護に関する").
  // A document kind between them ("X サービスレベルに関するご説明") makes the kind the topic, not X.
  bool IsTopicOf(const U32& head, const Line& line) const {
    if (head.empty()) return false;
    for (size_t at = line.text.find(head); at != U32::npos; at = line.text.find(head, at + 1)) {
      if (StartingWord(U32View(line.text).substr(at + head.size()), lex_.topic_markers) != nullptr) return true;
    }
    return false;
  }

  // The words of `head` (a title's words just before a topic marker) before the last space the
  // normalizer dropped from them, or "" when none was: "コマドリ会計データ保護" written "コマドリ会計
  // データ保護" gives "コマドリ会計"; "データ保護" gives "".
  static U32 NameBeforeTopic(const U32& head, const Line& line) {
    const size_t at = line.text.find(head);
    if (head.empty() || at == U32::npos) return U"";
    size_t gap = U32::npos;
    for (size_t i = at + 1; i < at + head.size() && i < line.spaced.size(); ++i) {
      if (line.spaced[i] || IsSpace(line.text[i])) gap = i;
    }
    return gap == U32::npos ? U"" : CleanName(U32View(line.text).substr(at, gap - at));
  }

  // The parts of a title line. A breadcrumb ("ヘルプセンター > 管理者ガイド > 容量とバックアップ") is
  // navigation: its later segments are sections and the article's topic, never the product, so only
  // its first segment is read ("ソラミチ経費 ヘルプセンター > …").
  static std::vector<U32View> TitleParts(U32View text) {
    std::vector<U32View> parts = SplitTitle(text);
    const size_t arrow = text.find(U'>');
    if (arrow != U32View::npos && arrow > 0 && !parts.empty()) parts.resize(1);
    return parts;
  }

  static std::vector<U32View> SplitTitle(U32View text) {
    std::vector<U32View> parts;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
      const bool separator = i == text.size() || text[i] == U'|' || text[i] == U'>' || text[i] == U'—' ||
                             text[i] == U'·' || text[i] == U'•' ||
                             text[i] == U'–' || text[i] == U'\t' ||
                             (text[i] == U'-' && i > 0 && IsSpace(text[i - 1]) && i + 1 < text.size() && IsSpace(text[i + 1]));
      if (!separator) continue;
      if (i > start) parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
    return parts;
  }

  U32 WithoutDocumentKinds(U32View part) const {
    U32 s(part);
    for (const U32& kind : lex_.document_kinds) {
      for (size_t at = FindWord(s, kind); at != U32::npos; at = FindWord(s, kind)) s.erase(at, kind.size());
    }
    return s;
  }

  // A name opening sentences: "KARTEでは…", "KARTEの…" several times (Latin letters only: a katakana
  // word opening sentences is as often a common noun), or once as "Xは、…が提供する…サービスです".
  void ReadSubjects() {
    struct Seen {
      int openings = 0;
      const Line* first = nullptr;
    };
    std::map<U32, Seen> latin;
    for (const Line& line : lines_) {
      const U32& text = line.text;
      for (size_t start = 0; start < text.size();) {
        size_t end = start;
        while (end < text.size() && (IsNameChar(text[end]) || (text[end] == U' ' && end + 1 < text.size() &&
                                                                 IsLatin(text[end + 1]) && end > start && IsLatin(text[end - 1])))) {
          ++end;
        }
        U32View name = U32View(text).substr(start, end - start);
        U32View after = U32View(text).substr(end);
        // "Chatwork上で": the place, not part of the name.
        if (name.size() > 1 && name.back() == U'上' && !after.empty() && (after.front() == U'で' || after.front() == U'の' ||
                                                                            after.front() == U'に')) {
          name.remove_suffix(1);
          after = U32View(text).substr(end - 1);
        }
        // A clause number or a control id ("CLD.9.5.2") opens a sentence without naming anything.
        const bool numbered = std::adjacent_find(name.begin(), name.end(), [](char32_t a, char32_t b) {
                                return utf8::IsAsciiDigit(a) && b == U'.';
                              }) != name.end();
        if (numbered) name = U32View();
        if (!after.empty() && after.front() == U'(') {  // "LeafSign(リーフサイン)は"
          const size_t close = after.find(U')');
          if (close != U32View::npos) after.remove_prefix(close + 1);
        }
        while (!after.empty() && after.front() == U' ') after.remove_prefix(1);
        if (!name.empty() && HasLetter(name)) {
          const size_t sentence_end = std::min(after.find(U'。'), after.size());
          const U32View sentence = after.substr(0, sentence_end);
          const bool defines = StartsWithFolded(after, U"は") &&
                               (FindFolded(sentence, U"提供する") != U32::npos || FindFolded(sentence, U"運営する") != U32::npos ||
                                EndsWithFolded(sentence, U"サービスです") || EndsWithFolded(sentence, U"システムです"));
          if (defines) Add(name, Signal::kSubject, line, 55);
          static const U32View kParticles[] = {U"では", U"における", U"は", U"の", U"が", U"で", U"上で", U"を", U"に"};
          const bool particle = std::any_of(std::begin(kParticles), std::end(kParticles),
                                            [&](U32View p) { return StartsWithFolded(after, p); });
          if (particle && utf8::IsAsciiAlpha(name.front())) {
            Seen& seen = latin[U32(name)];
            if (seen.openings++ == 0) seen.first = &line;
          }
        }
        const size_t next = text.find(U'。', start);
        if (next == U32::npos) break;
        start = next + 1;
        while (start < text.size() && IsSpace(text[start])) ++start;
      }
    }
    for (const auto& [name, seen] : latin) {
      if (IsPartner(name)) continue;
      Add(name, Signal::kSubject, *seen.first, kSignalScores[static_cast<int>(Signal::kSubject)] + 10 * std::min(seen.openings, 3));
    }
  }

  const std::vector<Line>& lines_;
  const Lexicon& lex_;
  std::vector<Sighting> sightings_;
};

// ---- Vendor ---------------------------------------------------------------------------------------

struct Company {
  U32 name;  // with its legal form, as written
  const Line* line;
  int score;
};

class VendorReader {
 public:
  VendorReader(const std::vector<Line>& lines, std::string_view text, const Lexicon& lex)
      : lines_(lines), text_(text), lex_(lex) {}

  std::vector<Company> Read() {
    for (const Line& line : lines_) {
      if (IsAddresseeLine(line.text)) continue;
      ReadCompanies(line);
    }
    return std::move(companies_);
  }

  // The name without its legal form: "株式会社ヤマビコソフト" -> "ヤマビコソフト".
  U32 WithoutForm(U32View name) const {
    U32 s(name);
    for (const U32& form : lex_.company_forms) {
      for (size_t at = FindWord(s, form); at != U32::npos; at = FindWord(s, form)) s.erase(at, form.size());
    }
    return CleanName(s);
  }

 private:
  bool IsAddresseeLine(U32View text) const {
    if (ContainsAny(text, lex_.addressee)) return true;
    return std::any_of(lex_.addressee_line_end.begin(), lex_.addressee_line_end.end(), [&](const U32& w) {
      if (EndsWithFolded(text, w)) return true;
      for (size_t at = FindFolded(text, w); at != U32::npos; at = FindFolded(text, w, at + 1)) {
        if (at + w.size() < text.size() && IsSpace(text[at + w.size()])) return true;  // "…部 御中 様 提出日"
      }
      return false;
    });
  }

  void ReadCompanies(const Line& line) {
    const U32& text = line.text;
    for (const U32& form : lex_.company_forms) {
      for (size_t at = FindWord(text, form); at != U32::npos; at = FindWord(text, form, at + form.size())) {
        // A shorter form inside a longer one already read ("Inc" in "Inc.") is read once.
        if (!claimed_.insert({&line, at}).second) continue;
        for (size_t k = 1; k < form.size(); ++k) claimed_.insert({&line, at + k});
        U32 after = NameAfter(line, at + form.size());
        U32 before = NameBefore(U32View(text).substr(0, at));
        const bool japanese_form = !IsLatin(form.front());
        U32 name;
        size_t name_start = at, name_end = at + form.size();
        // "富士通株式会社リモートバックアップサービス": a form between two names belongs to the one the
        // document writes with it more often.
        if (japanese_form && !after.empty() && !before.empty() &&
            CountOccurrences(text_, ToUtf8(before + form), 10) > CountOccurrences(text_, ToUtf8(form + after), 10)) {
          after.clear();
        }
        if (japanese_form && !after.empty()) {
          name = form + (text.size() > at + form.size() && IsSpace(text[at + form.size()]) ? U" " : U"") + after;
          name_end = at + name.size();
        } else if (!before.empty()) {
          const bool spaced = at > 0 && IsSpace(text[at - 1]);  // "Acme Inc.", "Orbitly 株式会社"
          name_start = at - before.size() - (spaced ? 1 : 0);
          name = before + (spaced ? U" " : U"") + form;
        }
        if (name.empty()) continue;
        if (IsCustomer(U32View(text).substr(std::min(name_end, text.size())))) continue;
        const U32 bare = WithoutForm(name);
        if (bare.size() < 1 || !HasLetter(bare) || IsTechnology(bare, lex_) || IsCloudProvider(bare)) continue;
        if (IsOnlyGeneric(ServiceKey(ToUtf8(bare)), lex_)) continue;
        companies_.push_back({std::move(name), &line, Score(line, name_start, at + form.size() + after.size())});
      }
    }
  }

  // Whether a company is one of the platforms a document runs on ("アマゾン ウェブ サービス ジャパン").
  bool IsCloudProvider(U32View bare) const {
    for (const U32& tech : lex_.technology) {
      if (tech.size() >= 4 && FindFolded(bare, tech) != U32::npos) return true;
    }
    return false;
  }

  // Whether what follows a company's name marks it as a customer or an addressee ("丸橋運輸株式会社様 ―",
  // "株式会社カシワ物産様"), wherever it stands on its line.
  bool IsCustomer(U32View rest) const {
    while (!rest.empty() && IsSpace(rest.front())) rest.remove_prefix(1);
    return StartingWord(rest, lex_.customer_marks) != nullptr;
  }

  // The name after a prefix form, which ends at text[from]: Latin words with spaces between them, or
  // Japanese up to a particle or a department set apart by a space ("株式会社サザナミ クラウド推進室").
  U32 NameAfter(const Line& line, size_t from) const {
    U32View rest = U32View(line.text).substr(from);
    if (!rest.empty() && IsSpace(rest.front())) {
      rest.remove_prefix(1);
      ++from;
      if (rest.empty() || !IsLatin(rest.front())) return U"";
    }
    // "…合同会社のデータセンター": a particle right after the form ends a name written before it; but a
    // name may begin with hiragana ("株式会社はるかぜ"): a particle followed by more hiragana starts it.
    const U32* particle = StartingWord(rest, lex_.name_ends);
    if (particle != nullptr && !(rest.size() > particle->size() && IsHiragana(rest[particle->size()]))) return U"";
    size_t end = 0;
    while (end < rest.size() && end < 30) {
      const char32_t c = rest[end];
      const bool inside_latin = c == U' ' && end > 0 && IsLatin(rest[end - 1]) && end + 1 < rest.size() && IsLatin(rest[end + 1]);
      if (!(IsNameChar(c) || IsHiragana(c) || inside_latin)) break;
      // "株式会社ハナビテック2025年3月15日発行": a date run into a Japanese name.
      if (utf8::IsAsciiDigit(c) && end > 0 && !IsLatin(rest[end - 1])) break;
      ++end;
    }
    U32 name = CutAtNameEnd(U32(rest.substr(0, end)));
    // "一般社団法人 みらい学習ネットワーク　システム運営部": the raw text's space before a department.
    const size_t spaced = line.FirstSpaced(from + 1, from + name.size()) - from;
    if (spaced < name.size() && EndsWithAny(name, lex_.department_units)) name.resize(spaced);
    return CutAtDepartment(std::move(name));
  }

  static bool EndsWithAny(U32View s, const std::vector<U32>& words) {
    return std::any_of(words.begin(), words.end(), [&](const U32& w) { return EndsWithFolded(s, w); });
  }

  // The name before a suffix form: back over name characters, and over hiragana that opens it
  // ("ひかりデジタル株式会社"; "本サービスは、あおばデジタル株式会社が" keeps "あおば" but not "は").
  U32 NameBefore(U32View before) const {
    U32 name = NameCharsBefore(before);
    if (name.empty()) return name;
    return HiraganaOpening(before.substr(0, before.size() - name.size())) + name;
  }

  // The hiragana at the end of `before` that opens a name: all of it at the start of a clause (after a
  // line's start, punctuation or a bracket), else what follows a particle that ends the word before it
  // ("…サービスはあおば" -> "あおば"); "" when none ("…が提供する" never reaches here: it ends in kanji).
  U32 HiraganaOpening(U32View before) const {
    size_t start = before.size();
    while (start > 0 && IsHiragana(before[start - 1])) --start;
    U32View run = before.substr(start);
    if (run.empty()) return U"";
    if (start == 0 || !(IsNameChar(before[start - 1]))) return run.size() >= 2 ? U32(run) : U"";
    const U32* particle = StartingWord(run, lex_.name_ends);
    if (particle == nullptr || run.size() < particle->size() + 2) return U"";
    return U32(run.substr(particle->size()));
  }

  // The name characters (no hiragana) at the end of `before`.
  static U32 NameCharsBefore(U32View before) {
    size_t start = before.size();
    if (start > 0 && IsSpace(before[start - 1]) && start > 1 && IsLatin(before[start - 2])) --start;  // "Orbitly 株式会社"
    const size_t end = start;
    while (start > 0 && end - start < 30) {
      const char32_t c = before[start - 1];
      const bool inside_latin = c == U' ' && start > 1 && IsLatin(before[start - 2]) && IsLatin(before[start]);
      if (!(IsNameChar(c) || inside_latin)) break;
      --start;
    }
    U32 name(before.substr(start, end - start));
    // A date run into the name by the layout ("2016年4月1日富士通株式会社").
    if (!name.empty() && utf8::IsAsciiDigit(name.front())) {
      size_t k = 0;
      while (k < name.size() && (utf8::IsAsciiDigit(name[k]) || name[k] == U'年' || name[k] == U'月' || name[k] == U'日' ||
                                 name[k] == U'/' || name[k] == U'.')) {
        ++k;
      }
      name.erase(0, k);
    }
    while (!name.empty() && IsEdgePunctuation(name.front())) name.erase(0, 1);
    return name;
  }

  // Cuts a name at the first particle or phrase that follows a non-hiragana character
  // ("ミナモソフトでは" -> "ミナモソフト"; "ひなた工房が" -> "ひなた工房").
  U32 CutAtNameEnd(U32 name) const {
    for (size_t i = 1; i < name.size(); ++i) {
      if (IsHiragana(name[i - 1]) && IsHiragana(name[i])) continue;
      if (StartingWord(U32View(name).substr(i), lex_.name_ends) != nullptr) {
        name.resize(i);
        break;
      }
    }
    while (!name.empty() && IsEdgePunctuation(name.back()) && name.back() != U'.') name.pop_back();
    return name;
  }

  // Cuts a department run into the name ("ミナモシステムズ公共ソリューション事業部" -> "ミナモシステムズ").
  U32 CutAtDepartment(U32 name) const {
    const bool ends_with_unit = std::any_of(lex_.department_units.begin(), lex_.department_units.end(),
                                            [&](const U32& unit) { return EndsWithFolded(name, unit); });
    if (!ends_with_unit) return name;
    // From 0: "カグラテック株式会社営業部" has a department and no name after its form.
    for (size_t i = 0; i < name.size(); ++i) {
      if (StartingWord(U32View(name).substr(i), lex_.departments) != nullptr) {
        name.resize(i);
        break;
      }
    }
    return name;
  }

  // A company named in a vendor label ("事業者名:", "(提供:"), defined as 当社, or on page 1's first
  // lines is the vendor more surely than one named in passing.
  int Score(const Line& line, size_t name_start, size_t name_end) const {
    const U32& text = line.text;
    int score = 10;
    if (line.page == lines_.front().page && line.index_on_page < 15) score += 20;
    U32View before = U32View(text).substr(0, name_start);
    while (!before.empty() && (IsSpace(before.back()) || before.back() == U':')) before.remove_suffix(1);
    for (const U32& label : lex_.vendor_labels) {
      if (!EndsWithFolded(before, label)) continue;
      const size_t label_start = before.size() - label.size();
      const bool has_colon = name_start > before.size() && text[before.size()] == U':';
      if (label_start == 0) {
        score += 100;  // "事業者名:株式会社X", "提出者 株式会社X"
      } else if (has_colon) {
        score += 50;  // "(提供:株式会社X)", "価格・お問い合わせ:X株式会社"
      }
      break;
    }
    // "© X Inc.", or the last lines of the document (a signature, a colophon): its author.
    const size_t index = static_cast<size_t>(&line - lines_.data());
    if (ContainsAny(before, lex_.colophon) || index + 5 >= lines_.size()) score += 20;
    const U32View after = U32View(text).substr(std::min(name_end, text.size()));
    for (U32View self : {U32View(U"(以下「当社」"), U32View(U"(以下、「当社」"), U32View(U"(以下、当社"), U32View(U"(以下当社"),
                         U32View(U"(以下「弊社」"), U32View(U"(以下、「弊社」"), U32View(U"(以下、弊社"), U32View(U"(以降、当社")}) {
      if (StartsWithFolded(after, self)) score += 50;
    }
    return score;
  }

  const std::vector<Line>& lines_;
  std::string_view text_;
  const Lexicon& lex_;
  std::vector<Company> companies_;
  std::set<std::pair<const Line*, size_t>> claimed_;
};

// From this score on a company is the vendor: named once on page 1 or in a label, or three times.
constexpr int kMinVendorScore = 30;

std::string Quote(const Line& line) {
  return std::string(utf8::Prefix(ToUtf8(line.text), 120));
}

}  // namespace

Result<ServiceWords> ParseServiceWords(std::string_view toml, std::string_view name) {
  return ServiceWordsReader(name).Read(toml);
}

const ServiceWords& SharedServiceWords() {
  static const ServiceWords* const words = [] {
    Result<ServiceWords> parsed = ParseServiceWords(kServiceWordsToml, "dictionaries/service_words.toml");
    if (!parsed.ok()) {
      std::fprintf(stderr, "kensa: the built-in service words are malformed: %s\n", parsed.status().message().c_str());
      std::abort();
    }
    return new ServiceWords(std::move(parsed).value());  // never freed: read until exit
  }();
  return *words;
}

std::string ServiceKey(std::string_view name) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  icu::UnicodeString folded = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  if (U_SUCCESS(status)) folded = fold->normalize(folded, status);
  if (U_FAILURE(status)) return "";
  std::string key;
  for (int32_t i = 0; i < folded.length();) {
    const UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    // Spaces, punctuation (・, brackets, dots) and symbols (@, +, &) do not tell two services apart.
    if ((U_GET_GC_MASK(c) & (U_GC_Z_MASK | U_GC_P_MASK | U_GC_S_MASK | U_GC_C_MASK)) != 0) continue;
    utf8::Append(key, static_cast<char32_t>(c));
  }
  return key;
}

ServiceIdentity DetectService(const NormalizedText& text) {
  const Lexicon& lex = SharedLexicon();
  const std::vector<Line> lines = SplitLines(text);
  ServiceIdentity identity;
  if (lines.empty()) return identity;

  // The service: per key, the strongest sighting, more for each other kind of signal that names it
  // and for every time the name recurs in the text.
  struct Candidate {
    const Sighting* best = nullptr;
    std::set<Signal> signals;
    int score = 0;
  };
  const std::vector<Sighting> sightings = ServiceReader(lines, lex).Read();
  std::map<std::string, Candidate> candidates;
  for (const Sighting& s : sightings) {
    Candidate& c = candidates[ServiceKey(ToUtf8(s.name))];
    if (c.best == nullptr || s.score > c.best->score) c.best = &s;
    c.signals.insert(s.signal);
  }
  const Candidate* chosen = nullptr;
  for (auto& [key, c] : candidates) {
    const int recurs = std::max(CountOccurrences(text.text, ToUtf8(c.best->name), 10),
                                CountOccurrences(text.text, ToUtf8(c.best->raw), 10));
    c.score = c.best->score + 15 * (static_cast<int>(c.signals.size()) - 1) + 4 * recurs;
    if (c.score < kMinServiceScore) continue;
    if (chosen == nullptr || c.score > chosen->score ||
        (c.score == chosen->score && c.best->line->offset < chosen->best->line->offset)) {
      chosen = &c;
    }
  }
  if (chosen != nullptr) {
    identity.service = ToUtf8(chosen->best->name);
    identity.page = chosen->best->line->page;
    identity.quote = Quote(*chosen->best->line);
    identity.how = kSignalNames[static_cast<int>(chosen->best->signal)];
  }

  // The vendor: per name, the sum of its mentions' scores.
  VendorReader vendors(lines, text.text, lex);
  const std::vector<Company> companies = vendors.Read();
  std::map<std::string, std::pair<int, const Company*>> by_key;
  for (const Company& company : companies) {
    auto& [score, first] = by_key[ServiceKey(ToUtf8(company.name))];
    score += company.score;
    if (first == nullptr) first = &company;
  }
  const Company* vendor = nullptr;
  int vendor_score = 0;
  for (const auto& [key, entry] : by_key) {
    if (entry.first < kMinVendorScore) continue;
    if (vendor == nullptr || entry.first > vendor_score ||
        (entry.first == vendor_score && entry.second->line->offset < vendor->line->offset)) {
      vendor = entry.second;
      vendor_score = entry.first;
    }
  }
  if (vendor != nullptr) {
    identity.vendor = ToUtf8(vendor->name);
    if (identity.service.empty()) {
      // No product named: the vendor stands for its service.
      const U32 bare = vendors.WithoutForm(vendor->name);
      if (bare.size() >= 2 && !IsHiragana(bare.front()) && !IsOnlyGeneric(ServiceKey(ToUtf8(bare)), lex)) {
        identity.service = ToUtf8(bare);
        identity.page = vendor->line->page;
        identity.quote = Quote(*vendor->line);
        identity.how = "vendor";
      }
    }
  }
  return identity;
}

}  // namespace kensa
