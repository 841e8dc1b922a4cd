#include "text/text_file.h"

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>

#include "common/utf8.h"

namespace kensa::text {
namespace {

constexpr char kNotText[] = "not a PDF or a text file (binary data or an unsupported charset)";

// ICU's detector names mapped to the converter that reads them. Shift_JIS files from Windows use
// CP932's extensions (①, ㈱, 髙), so they are read as windows-31j, a superset.
struct Candidate {
  const char* detected;
  const char* converter;
};
// UTF-16 without a byte order mark is handled apart (DecodeUtf16WithoutBom).
constexpr Candidate kJapaneseCharsets[] = {
    {"Shift_JIS", "windows-31j"},
    {"EUC-JP", "EUC-JP"},
    {"ISO-2022-JP", "ISO-2022-JP"},
    {"UTF-8", "UTF-8"},  // reached only for UTF-8 with escape characters (ANSI colours)
};

// The detector only needs a sample; strict conversion still checks every byte.
constexpr int32_t kDetectionSample = 1 << 20;

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};
struct DetectorCloser {
  void operator()(UCharsetDetector* detector) const { ucsdet_close(detector); }
};

bool StartsWith(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

bool IsValidUtf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const int64_t length = static_cast<int64_t>(bytes.size());
  for (int64_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);  // rejects overlong forms, surrogates and truncated sequences
    if (c < 0) return false;
  }
  return true;
}

// Returns true if decoded text reads as text: no NUL, and fewer than 1 in 50 code points that text
// does not contain (controls other than tab/LF/CR/FF/VT/ESC, unassigned, private use, noncharacters).
// Random bytes that a lenient charset happens to accept fail this.
bool LooksLikeText(std::string_view utf8) {
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int64_t length = static_cast<int64_t>(utf8.size());
  int64_t total = 0;
  int64_t odd = 0;
  for (int64_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c == 0 || c < 0) return false;
    ++total;
    const int8_t type = u_charType(c);
    const bool allowed_control = c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x1B;
    if ((type == U_CONTROL_CHAR && !allowed_control) || type == U_UNASSIGNED || type == U_PRIVATE_USE_CHAR ||
        U_IS_UNICODE_NONCHAR(c)) {
      ++odd;
    }
  }
  return odd == 0 || odd * 50 < total;
}

// Converts bytes from charset to UTF-8, failing on any byte sequence the charset does not define.
bool ConvertStrictly(std::string_view bytes, const char* charset, std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> converter(ucnv_open(charset, &status));
  if (U_FAILURE(status)) return false;
  ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return false;

  const auto source_length = static_cast<int32_t>(bytes.size());
  // None of the supported charsets yields more than one UTF-16 unit per byte, so this never
  // overflows (and if it did, ICU would report it rather than write past the end).
  std::u16string units(static_cast<size_t>(source_length) * 2 + 2, u'\0');
  const int32_t unit_count = ucnv_toUChars(converter.get(), units.data(), static_cast<int32_t>(units.size()),
                                           bytes.data(), source_length, &status);
  if (U_FAILURE(status)) return false;

  int32_t utf8_length = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8(nullptr, 0, &utf8_length, units.data(), unit_count, &status);  // preflight
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return false;
  utf8.assign(static_cast<size_t>(utf8_length), '\0');
  status = U_ZERO_ERROR;
  // Fails on a lone surrogate, which UTF-16 input can hold.
  u_strToUTF8(utf8.data(), utf8_length, nullptr, units.data(), unit_count, &status);
  if (U_FAILURE(status)) return false;
  if (StartsWith(utf8, "\xEF\xBB\xBF")) utf8.erase(0, 3);
  return true;
}

Result<DecodedText> Decoded(std::string utf8, const char* charset) {
  return DecodedText{std::move(utf8), charset, {}};
}

// Returns the share (0-100) of code points that are ASCII, kana, kanji or CJK/full-width punctuation.
int JapaneseShare(std::string_view utf8) {
  int64_t total = 0;
  int64_t japanese = 0;
  for (size_t pos = 0; pos < utf8.size();) {
    const char32_t cp = utf8::Next(utf8, pos);
    ++total;
    if (cp < 0x80 || utf8::IsJapanese(cp)) ++japanese;
  }
  return total == 0 ? 0 : static_cast<int>(japanese * 100 / total);
}

// UTF-16 without a byte order mark: ICU's detector cannot tell the byte orders apart (both score 10),
// and Japanese read in the wrong order still decodes, into Hangul and rare CJK. The right order is
// the one that reads as Japanese or ASCII; below half, neither is taken.
bool DecodeUtf16WithoutBom(std::string_view bytes, std::string& utf8, const char*& charset) {
  std::string little, big;
  const int little_share =
      ConvertStrictly(bytes, "UTF-16LE", little) && LooksLikeText(little) ? JapaneseShare(little) : -1;
  const int big_share =
      ConvertStrictly(bytes, "UTF-16BE", big) && LooksLikeText(big) ? JapaneseShare(big) : -1;
  if (std::max(little_share, big_share) < 50) return false;
  charset = little_share >= big_share ? "UTF-16LE" : "UTF-16BE";
  utf8 = little_share >= big_share ? std::move(little) : std::move(big);
  return true;
}

// UTF-8 with a few invalid sequences: returns the text with each replaced by U+FFFD and sets
// `replaced` and `first` (byte offset of the first), or returns false when more than 1 in 100 code
// points are invalid or the rest does not read as text.
bool DecodeMostlyUtf8(std::string_view bytes, std::string& utf8, int64_t& replaced, int64_t& first) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const int64_t length = static_cast<int64_t>(bytes.size());
  utf8.clear();
  utf8.reserve(bytes.size());
  replaced = 0;
  first = -1;
  int64_t total = 0;
  for (int64_t i = 0; i < length;) {
    const int64_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);  // an invalid sequence counts once (maximal subpart, as ICU does)
    ++total;
    if (c < 0) {
      if (first < 0) first = start;
      ++replaced;
      utf8 += "\xEF\xBF\xBD";
    } else {
      utf8.append(bytes.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
    }
  }
  return replaced > 0 && replaced * 100 < total && LooksLikeText(utf8);
}

}  // namespace

Result<DecodedText> DecodeText(std::string_view bytes) {
  // ICU takes 32-bit lengths, and a UTF-16 buffer twice the input must fit in them.
  if (bytes.size() > static_cast<size_t>(INT32_MAX / 4)) {
    return Result<DecodedText>::Error(ErrorKind::kResourceLimit, "text file larger than 512 MiB");
  }
  if (StartsWith(bytes, "\xEF\xBB\xBF")) {
    std::string_view rest = bytes.substr(3);
    if (IsValidUtf8(rest) && LooksLikeText(rest)) return Decoded(std::string(rest), "UTF-8");
    return Result<DecodedText>::Error(ErrorKind::kNotPdf,
                                      "not a text file: invalid UTF-8 after a UTF-8 byte order mark");
  }
  std::string utf8;
  if (StartsWith(bytes, "\xFF\xFE") || StartsWith(bytes, "\xFE\xFF")) {
    // ICU's "UTF-16" converter reads the byte order mark and drops it.
    const char* charset = StartsWith(bytes, "\xFF\xFE") ? "UTF-16LE" : "UTF-16BE";
    if (ConvertStrictly(bytes, "UTF-16", utf8) && LooksLikeText(utf8)) {
      return Decoded(std::move(utf8), charset);
    }
    return Result<DecodedText>::Error(ErrorKind::kNotPdf,
                                      "not a text file: invalid UTF-16 after a byte order mark");
  }
  // Valid UTF-8 is decisive: legacy Japanese charsets almost never form valid multi-byte UTF-8. The
  // exception is ISO-2022-JP, which is 7-bit and so valid UTF-8 too: its escapes send it to ICU.
  const bool has_escape = bytes.find('\x1B') != std::string_view::npos;
  if (!has_escape && IsValidUtf8(bytes) && LooksLikeText(bytes)) return Decoded(std::string(bytes), "UTF-8");

  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> detector(ucsdet_open(&status));
  if (U_FAILURE(status)) {
    return Result<DecodedText>::Error(ErrorKind::kInternal, "ICU charset detector unavailable");
  }
  const auto sample_length = static_cast<int32_t>(std::min<size_t>(bytes.size(), kDetectionSample));
  ucsdet_setText(detector.get(), bytes.data(), sample_length, &status);
  int32_t match_count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &match_count, &status);
  if (U_FAILURE(status)) match_count = 0;
  // Best match first, skipping charsets kensa does not read: a Japanese one further down still wins
  // if every byte decodes into text (in BOM-less UTF-16, IBM420 Arabic outranks UTF-16).
  for (int32_t i = 0; i < match_count; ++i) {
    UErrorCode name_status = U_ZERO_ERROR;
    const char* name = ucsdet_getName(matches[i], &name_status);
    if (U_FAILURE(name_status) || name == nullptr) continue;
    const std::string_view detected = name;
    if (detected == "UTF-16LE" || detected == "UTF-16BE") {
      const char* charset = nullptr;
      if (DecodeUtf16WithoutBom(bytes, utf8, charset)) return Decoded(std::move(utf8), charset);
      continue;
    }
    for (const Candidate& candidate : kJapaneseCharsets) {
      if (detected != candidate.detected) continue;
      if (ConvertStrictly(bytes, candidate.converter, utf8) && LooksLikeText(utf8)) {
        return Decoded(std::move(utf8), candidate.converter);
      }
    }
  }
  int64_t replaced = 0;
  int64_t first = 0;
  if (!has_escape && DecodeMostlyUtf8(bytes, utf8, replaced, first)) {
    DecodedText decoded{std::move(utf8), "UTF-8", {}};
    decoded.warnings.push_back("invalid UTF-8: " + std::to_string(replaced) + " byte sequence" +
                               (replaced == 1 ? "" : "s") + " replaced by U+FFFD (the first at byte " +
                               std::to_string(first) + ")");
    return decoded;
  }
  return Result<DecodedText>::Error(ErrorKind::kNotPdf, kNotText);
}

std::vector<Page> SplitTextPages(std::string_view utf8) {
  std::vector<Page> pages;
  std::string current;
  auto finish_page = [&] {
    pages.push_back(Page(static_cast<int>(pages.size()) + 1, std::move(current)));
    current.clear();
  };
  for (size_t i = 0; i < utf8.size(); ++i) {
    const char c = utf8[i];
    if (c == '\r') {
      current += '\n';
      if (i + 1 < utf8.size() && utf8[i + 1] == '\n') ++i;  // CRLF is one line end
    } else if (c == '\f') {
      finish_page();
    } else {
      current += c;
    }
  }
  // "a\fb\f" is two pages: a final form feed ends the last page rather than opening an empty one.
  const bool ends_with_form_feed = !pages.empty() && current.find_first_not_of(" \t\n") == std::string::npos;
  if (!ends_with_form_feed) finish_page();
  return pages;
}

}  // namespace kensa::text
