#include "normalize/folding.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "common/vocabulary.h"

namespace kensa::folding {
namespace {

using utf8::IsAsciiAlpha;
using utf8::IsAsciiDigit;
using utf8::IsJapanese;

constexpr char32_t kWaveDash = U'〜';

bool IsAsciiAlnum(char32_t cp) { return IsAsciiAlpha(cp) || IsAsciiDigit(cp); }
bool IsAsciiLower(char32_t cp) { return cp >= 'a' && cp <= 'z'; }
bool IsAsciiUpper(char32_t cp) { return cp >= 'A' && cp <= 'Z'; }

// Counters and units a number may carry: the counters of dictionaries/vocabulary.toml read by
// "folding", Japanese ones and ASCII ones (units matched only as whole words: "5GB", not "5GBytes").
// The first that matches is taken; the file puts longer words first, so "時間" wins over "時".
// Not there on purpose: 度 ("一度に"), 部 ("一部"), 本 ("六本木"), 次 ("二次"), 層 ("一層"),
// 国 ("四国"), 円 ("関東一円"), 者 ("第三者").
struct CounterWords {
  std::vector<std::u32string> japanese;
  std::vector<std::u32string> latin;
};
const CounterWords& Counters() {
  static const CounterWords kCounters = [] {
    CounterWords counters;
    for (const std::string& word : SharedVocabulary().folding_counters) {
      std::u32string cps = utf8::Decode(word);
      (IsAsciiAlpha(cps[0]) ? counters.latin : counters.japanese).push_back(std::move(cps));
    }
    return counters;
  }();
  return kCounters;
}

bool MatchesAt(const Units& units, size_t pos, std::u32string_view word) {
  if (pos + word.size() > units.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (units[pos + k].cp != word[k]) return false;
  }
  return true;
}

char32_t CpAt(const Units& units, size_t pos) { return pos < units.size() ? units[pos].cp : 0; }

int KanjiDigitValue(char32_t cp) {
  switch (cp) {
    case U'〇':
      return 0;
    case U'一':
      return 1;
    case U'二':
      return 2;
    case U'三':
      return 3;
    case U'四':
      return 4;
    case U'五':
      return 5;
    case U'六':
      return 6;
    case U'七':
      return 7;
    case U'八':
      return 8;
    case U'九':
      return 9;
    default:
      return -1;
  }
}

int KanjiMultiplierValue(char32_t cp) {
  switch (cp) {
    case U'十':
      return 10;
    case U'百':
      return 100;
    case U'千':
      return 1000;
    default:
      return 0;
  }
}

bool IsKanjiNumeral(char32_t cp) { return KanjiDigitValue(cp) >= 0 || KanjiMultiplierValue(cp) > 0; }

// Kanji that make a word with a following numeral: 同一, 唯一, 統一, 単一, 均一, 画一, 逐一, 随一,
// 択一, 数十, 何百, 幾千, 万一.
bool FormsWordWithNumeral(char32_t prev) {
  static constexpr std::u32string_view kPrefixes = U"同唯統単均画逐随択数何幾万億兆";
  return kPrefixes.find(prev) != std::u32string_view::npos;
}

// Parses a kanji numeral run: positional ("二〇二三" = 2023) or with 十/百/千 ("二十四" = 24).
std::optional<long long> ParseKanjiNumber(const Units& units, size_t begin, size_t end, bool* positional) {
  bool has_multiplier = false;
  for (size_t k = begin; k < end; ++k) has_multiplier |= KanjiMultiplierValue(units[k].cp) > 0;
  *positional = !has_multiplier;
  if (!has_multiplier) {
    long long value = 0;
    for (size_t k = begin; k < end; ++k) value = value * 10 + KanjiDigitValue(units[k].cp);
    return value;
  }
  long long total = 0;
  long long pending = -1;  // digits read since the last multiplier
  int last_multiplier = 100000;
  for (size_t k = begin; k < end; ++k) {
    const int multiplier = KanjiMultiplierValue(units[k].cp);
    if (multiplier == 0) {
      pending = (pending < 0 ? 0 : pending * 10) + KanjiDigitValue(units[k].cp);
      continue;
    }
    // 十百 or 二十三十 are not numbers; a multiplier takes one digit at most.
    if (multiplier >= last_multiplier || pending > 9) return std::nullopt;
    total += (pending < 0 ? 1 : pending) * multiplier;
    pending = -1;
    last_multiplier = multiplier;
  }
  if (pending > 9) return std::nullopt;
  return total + (pending < 0 ? 0 : pending);
}

// Returns true when a kanji numeral run [begin, end) counts something: a counter follows it, or a
// range "一〜二週間" does.
bool CountsSomething(const Units& units, size_t begin, size_t end, int depth = 0) {
  const bool lone_ichi = end - begin == 1 && units[begin].cp == U'一';
  const size_t counter = CounterLengthAt(units, end, lone_ichi);
  if (counter > 0) {
    if (counter == 1 && units[end].cp == U'分') {
      const char32_t next = CpAt(units, end + 1);
      if (next == U'の') return false;  // 四分の一 is a fraction
      // 十分 is "enough" unless minutes are plainly meant (十分以内, 十分間, 十分前).
      if (end - begin == 1 && units[begin].cp == U'十') {
        static constexpr std::u32string_view kMinuteFollowers = U"間以前後程毎置〜-内超未単ごおま";
        return next != 0 && kMinuteFollowers.find(next) != std::u32string_view::npos;
      }
    }
    return true;
  }
  // A range: the first number borrows the counter of the second ("一〜二週間", "一〜2日").
  const char32_t joiner = CpAt(units, end);
  if (depth == 0 && (joiner == kWaveDash || joiner == U'~' || joiner == U'-')) {
    size_t k = end + 1;
    if (k < units.size() && IsAsciiDigit(units[k].cp)) {
      while (k < units.size() && (IsAsciiDigit(units[k].cp) || units[k].cp == U'.')) ++k;
      return CounterLengthAt(units, k) > 0;
    }
    while (k < units.size() && IsKanjiNumeral(units[k].cp)) ++k;
    return k > end + 1 && CountsSomething(units, end + 1, k, depth + 1);
  }
  return false;
}

// The Latin-ish token around a line break: letters, digits and the characters of a URL or a version.
bool IsTokenChar(char32_t cp) {
  static constexpr std::u32string_view kPunct = U"./:_-+%?=&#~@";
  return IsAsciiAlnum(cp) || (cp < 0x80 && kPunct.find(cp) != std::u32string_view::npos);
}

std::u32string TokenBefore(const Units& units, size_t end) {
  size_t begin = end;
  while (begin > 0 && IsTokenChar(units[begin - 1].cp)) --begin;
  std::u32string token;
  for (size_t k = begin; k < end; ++k) token += units[k].cp;
  return token;
}

std::u32string TokenAfter(const Units& units, size_t begin) {
  std::u32string token;
  for (size_t k = begin; k < units.size() && IsTokenChar(units[k].cp); ++k) token += units[k].cp;
  return token;
}

// The trailing (or leading) run of letters and digits of a token: "ISO/IEC2700" -> "IEC2700".
std::u32string AlnumTail(const std::u32string& token) {
  size_t begin = token.size();
  while (begin > 0 && IsAsciiAlnum(token[begin - 1])) --begin;
  return token.substr(begin);
}
std::u32string AlnumHead(const std::u32string& token) {
  size_t end = 0;
  while (end < token.size() && IsAsciiAlnum(token[end])) ++end;
  return token.substr(0, end);
}

bool IsUrlToken(const std::u32string& token) {
  if (token.find(U"://") != std::u32string::npos) return true;
  return token.size() >= 4 && (token.compare(0, 4, U"www.") == 0 || token.compare(0, 4, U"WWW.") == 0);
}

bool HasLetter(const std::u32string& s) { return std::any_of(s.begin(), s.end(), IsAsciiAlpha); }

// Words that a version number follows ("TLS\n1.2", "ISO\n27001"). Kept short: after other words a
// number that starts a line is as likely a section number as the rest of a version.
bool TakesVersion(const std::u32string& word) {
  static constexpr std::array<std::u32string_view, 22> kWords = {
      U"TLS",     U"SSL", U"TLSv", U"ISO",  U"IEC", U"JIS", U"Q",   U"SOC", U"Ver",  U"ver", U"Version",
      U"version", U"v",   U"V",    U"HTTP", U"IPv", U"SHA", U"AES", U"RSA", U"CVSS", U"SP",  U"RFC",
  };
  return std::find(kWords.begin(), kWords.end(), word) != kWords.end();
}

enum class Join { kKeep, kJoin, kJoinDropHyphen };

// Decides what to do with the line break between out[..p) (p: one past the last non-space of the
// line) and in[q..) (q: the first non-space of the next line).
Join DecideJoin(const Units& out, size_t p, const Units& in, size_t q, bool spaced) {
  const char32_t a = out[p - 1].cp;
  const char32_t b = in[q].cp;
  const std::u32string left = TokenBefore(out, p);
  const std::u32string right = TokenAfter(in, q);

  // A URL the layout broke: "https://www-system.com/data/terms\n/pdf/terms.pdf".
  if (!spaced && IsUrlToken(left) && !right.empty()) {
    const bool continues =
        std::u32string_view(U"/-._~?=&#%").find(right[0]) != std::u32string_view::npos ||
        (right.size() >= 3 && HasLetter(right) &&
         (right.find(U'/') != std::u32string::npos || right.find(U'.') != std::u32string::npos));
    if (continues) return Join::kJoin;
  }
  // A hyphen that ends a line after a Latin letter: "exam-\nple" -> "example", "SSE-\nS3", "AES-\n256".
  if (a == U'-' && p >= 2 && IsAsciiAlpha(out[p - 2].cp) && q > 0 && in[q - 1].cp == U'\n') {
    if (IsAsciiLower(out[p - 2].cp) && IsAsciiLower(b) && !IsUrlToken(left)) return Join::kJoinDropHyphen;
    if (IsAsciiAlnum(b)) return Join::kJoin;
  }
  // A number and its counter: "2\n世代", "24 \n時間", "99.9\n%".
  if ((IsAsciiDigit(a) || IsKanjiNumeral(a)) && CounterLengthAt(in, q) > 0) return Join::kJoin;

  if (spaced || !IsAsciiAlnum(a) || !IsAsciiAlnum(b)) return Join::kKeep;
  const std::u32string left_word = AlnumTail(left);
  const std::u32string right_word = AlnumHead(right);
  // "Q\nR コード", "T\nLS1.2": a lone letter is never a word of its own here.
  if (left_word.size() == 1 && IsAsciiUpper(left_word[0]) && IsAsciiUpper(right_word[0])) return Join::kJoin;
  // "CIS\nO)", "SP800-63\nB".
  if (right_word.size() == 1 && IsAsciiUpper(right_word[0]) && right.size() == 1 && IsAsciiUpper(a)) {
    return Join::kJoin;
  }
  // "TLS\n1.2", "ISO\n27001".
  if (IsAsciiDigit(b) && TakesVersion(left_word)) return Join::kJoin;
  // "ISO/IEC2700\n1", "AES-25\n6": digits of a token that has letters.
  if (IsAsciiDigit(a) && IsAsciiDigit(b) && HasLetter(left)) return Join::kJoin;
  return Join::kKeep;
}

}  // namespace

size_t CounterLengthAt(const Units& units, size_t pos, bool after_ichi) {
  if (pos >= units.size()) return 0;
  for (std::u32string_view word : Counters().japanese) {
    if (!MatchesAt(units, pos, word)) continue;
    if (after_ichi) {
      const char32_t next = CpAt(units, pos + word.size());
      // 一時 (一時的, 一時停止), 一日も早く, 一人ひとり, 一回り are words, not quantities.
      if (word == U"時") return 0;
      if (word == U"日" && next == U'も') return 0;
      if (word == U"人" && (next == U'ひ' || next == U'一')) return 0;
      if (word == U"回" && next == U'り') return 0;
    }
    return word.size();
  }
  for (std::u32string_view word : Counters().latin) {
    if (MatchesAt(units, pos, word) && !IsAsciiAlpha(CpAt(units, pos + word.size()))) return word.size();
  }
  return 0;
}

Units FoldDashes(const Units& in) {
  Units out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    Unit unit = in[i];
    const char32_t prev = i > 0 ? in[i - 1].cp : 0;
    const char32_t next = CpAt(in, i + 1);
    switch (unit.cp) {
      case 0x200B:
      case 0x200C:
      case 0x200D:
      case 0x2060:
      case 0xFEFF:
      case 0x00AD:
        continue;  // zero-width and soft hyphen: invisible in the PDF, noise to a pattern
      case U'~':
        if (prev != U'/') unit.cp = kWaveDash;  // "/~user" in a URL stays
        break;
      case 0xFF5E:
      case 0x223C:
      case 0x3030:
      case 0x2053:
      case 0x301C:
        unit.cp = kWaveDash;
        break;
      case 0x2010:
      case 0x2011:
      case 0x2012:
      case 0x2013:
      case 0x2212:
      case 0xFE63:
      case 0xFF0D:
        unit.cp = U'-';
        break;
      case 0x2014:
      case 0x2015:
      case 0x30FC:
      case 0x4E00:
        // Between digits an em dash or a long-vowel mark is a range or a phone-number hyphen; so is
        // the kanji 一 there (OCR takes a dash for it: "9:00一18:00"; as a numeral it never stands
        // between two Arabic digits).
        if (IsAsciiDigit(prev) && IsAsciiDigit(next)) unit.cp = U'-';
        break;
      default:
        break;
    }
    out.push_back(unit);
  }
  return out;
}

Units JoinBrokenLines(const Units& in) {
  Units out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i].cp != U'\n') {
      out.push_back(in[i]);
      continue;
    }
    size_t p = out.size();
    while (p > 0 && out[p - 1].cp == U' ') --p;
    size_t q = i + 1;
    while (q < in.size() && in[q].cp == U' ') ++q;
    if (p == 0 || q >= in.size() || out[p - 1].cp == U'\n' || out[p - 1].cp == U'\f') {
      out.push_back(in[i]);
      continue;
    }
    const bool spaced = p != out.size() || q != i + 1;
    switch (DecideJoin(out, p, in, q, spaced)) {
      case Join::kKeep:
        out.push_back(in[i]);
        break;
      case Join::kJoin:
        out.resize(p);
        i = q - 1;
        break;
      case Join::kJoinDropHyphen:
        out.resize(p - 1);
        i = q - 1;
        break;
    }
  }
  return out;
}

namespace {

// True when a time ends with units[end - 1]: "N時" or "N:NN".
bool TimeEndsAt(const Units& u, size_t end) {
  if (end >= 2 && u[end - 1].cp == U'時' && IsAsciiDigit(u[end - 2].cp)) return true;
  return end >= 4 && IsAsciiDigit(u[end - 1].cp) && IsAsciiDigit(u[end - 2].cp) && u[end - 3].cp == U':' &&
         IsAsciiDigit(u[end - 4].cp);
}

// True when a time starts at units[start]: "N時", "NN時", "N:NN", "NN:NN".
bool TimeStartsAt(const Units& u, size_t start) {
  size_t k = start;
  while (k < u.size() && k < start + 2 && IsAsciiDigit(u[k].cp)) ++k;
  if (k == start || k >= u.size()) return false;
  if (u[k].cp == U'時') return true;
  return u[k].cp == U':' && k + 2 < u.size() && IsAsciiDigit(u[k + 1].cp) && IsAsciiDigit(u[k + 2].cp);
}

}  // namespace

Units RepairTimeRanges(const Units& in) {
  Units out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char32_t cp = in[i].cp;
    const bool misread = cp == U'て' || cp == U'こ' || cp == U'一' || cp == U'ー';
    if (misread && TimeEndsAt(in, i) && TimeStartsAt(in, i + 1)) {
      out.push_back({kWaveDash, in[i].raw, in[i].page});
      continue;
    }
    // Lost: "9時18時" (a time in N:NN followed by digits is one number run, not told apart).
    if (i > 0 && in[i - 1].cp == U'時' && TimeEndsAt(in, i) && TimeStartsAt(in, i)) {
      out.push_back({kWaveDash, in[i].raw, in[i].page});
    }
    out.push_back(in[i]);
  }
  return out;
}

Units DropSpaces(const Units& in) {
  Units out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i].cp != U' ' || i == 0 || i + 1 >= in.size() || in[i + 1].cp == U' ' || in[i - 1].cp == U' ') {
      out.push_back(in[i]);
      continue;
    }
    const char32_t a = in[i - 1].cp;
    const char32_t b = in[i + 1].cp;
    const bool drop = (IsJapanese(a) && IsJapanese(b)) || (IsAsciiDigit(a) && IsJapanese(b)) ||
                      (IsJapanese(a) && IsAsciiDigit(b));
    if (!drop) out.push_back(in[i]);
  }
  return out;
}

Units ConvertKanjiNumerals(const Units& in) {
  Units out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size();) {
    if (!IsKanjiNumeral(in[i].cp)) {
      out.push_back(in[i++]);
      continue;
    }
    size_t end = i;
    while (end < in.size() && IsKanjiNumeral(in[end].cp)) ++end;
    const char32_t prev = i > 0 ? in[i - 1].cp : 0;
    bool all_zero = true;
    for (size_t k = i; k < end; ++k) all_zero &= in[k].cp == U'〇';
    bool positional = false;
    const std::optional<long long> value =
        all_zero ? std::nullopt : ParseKanjiNumber(in, i, end, &positional);
    // A decimal in kanji, its point a 中黒: "九十九・九パーセント" is 99.9.
    if (value && !FormsWordWithNumeral(prev) && !IsAsciiDigit(prev) && end + 1 < in.size() &&
        (in[end].cp == U'・' || in[end].cp == U'.')) {
      size_t fraction_end = end + 1;
      while (fraction_end < in.size() && KanjiDigitValue(in[fraction_end].cp) >= 0) ++fraction_end;
      if (fraction_end > end + 1 && CountsSomething(in, end + 1, fraction_end)) {
        for (char c : std::to_string(*value)) {
          Unit digit = in[i];
          digit.cp = static_cast<char32_t>(c);
          out.push_back(digit);
        }
        Unit point = in[end];
        point.cp = U'.';
        out.push_back(point);
        for (size_t k = end + 1; k < fraction_end; ++k) {
          Unit digit = in[k];
          digit.cp = U'0' + KanjiDigitValue(in[k].cp);
          out.push_back(digit);
        }
        i = fraction_end;
        continue;
      }
    }
    const bool convert =
        value && !FormsWordWithNumeral(prev) && !IsAsciiDigit(prev) && CountsSomething(in, i, end);
    if (!convert) {
      out.insert(out.end(), in.begin() + i, in.begin() + end);
      i = end;
      continue;
    }
    if (positional) {
      // One digit per kanji, so each digit keeps its own raw position ("二〇二三" -> "2023").
      for (size_t k = i; k < end; ++k) {
        Unit digit = in[k];
        digit.cp = U'0' + KanjiDigitValue(in[k].cp);
        out.push_back(digit);
      }
    } else {
      for (char c : std::to_string(*value)) {
        Unit digit = in[i];
        digit.cp = static_cast<char32_t>(c);
        out.push_back(digit);
      }
    }
    i = end;
  }
  return out;
}

}  // namespace kensa::folding
