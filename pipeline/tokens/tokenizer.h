// Stage 4, tokens: MeCab morphological analysis with the system IPAdic dictionary plus kensa's user
// dictionary (compiled at build time from dictionaries/*.csv): the tokens the rules stage reads
// word boundaries from, and the question it asks of them, whether a statement is negated.
//
// Usage:
//   Result<std::shared_ptr<const Tokenizer>> tokenizer = Tokenizer::Create(DefaultTokenizerOptions());
//   if (!tokenizer.ok()) return tokenizer.status();             // kConfig, names the dictionary
//   (*tokenizer)->IsNegated("脆弱性診断の有無\t無し", 0);          // true
//
// Text is UTF-8 and every offset is a byte offset into the text the caller passed. The text is
// analysed line by line ('\n' and '\f' end a line; a line longer than 16 KiB is cut after a '。' or
// a space), so a token never spans a line break, and the lines IsNegated analyses around an
// offset (never the whole text) give the same tokens as Tokenize over the whole text.
//
// Following MeCab's own design: the Tokenizer owns the immutable model (dictionaries, shared by
// threads) and makes a tagger and a lattice per call, so one Tokenizer may be used from several
// threads at once.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kensa {

struct Token {
  std::string surface;
  std::string pos;   // IPAdic 品詞 (名詞, 動詞, 助動詞, 助詞, 形容詞, 記号 ...)
  std::string pos1;  // 品詞細分類1 (数, 接尾, 自立, 非自立, 係助詞, 接続助詞 ...)
  std::string pos2;  // 品詞細分類2 (助数詞 for a counter, 組織, 一般 ...; "*" when none)
  std::string form;  // 活用形 (基本形, 連用形, 未然形 ...; "*" for words that do not inflect)
  std::string base;  // 原形 (surface where the dictionary has none)
  size_t begin = 0;  // byte offsets into the analysed text
  size_t end = 0;
  bool unknown = false;  // not in any dictionary
};

struct TokenizerOptions {
  // Directory of the compiled system dictionary (sys.dic, matrix.bin ...). Named explicitly: the
  // default in /etc/mecabrc changes when another dictionary package is installed.
  std::string system_dictionary = "/var/lib/mecab/dic/ipadic-utf8";
  // kensa's compiled user dictionary; empty for none.
  std::string user_dictionary;
};

// Returns the dictionaries this build was configured with: KENSA_SYSTEM_DICTIONARY and kensa's user
// dictionary, compiled from dictionaries/*.csv: installed beside the executable, else the build's
// (KENSA_USER_DICTIONARY), or $KENSA_USER_DIC (common/data_dirs.h).
TokenizerOptions DefaultTokenizerOptions();

class Tokenizer {
 public:
  // Loads the dictionaries. Fails with kConfig naming the dictionary that could not be loaded, or
  // when the system dictionary is not UTF-8 (e.g. /var/lib/mecab/dic/ipadic, which is EUC-JP).
  // No MeCab resource file is read: settings from /etc/mecabrc, ~/.mecabrc or $MECABRC (another
  // default dictionary, a userdic line) cannot leak in.
  static Result<std::shared_ptr<const Tokenizer>> Create(const TokenizerOptions& options);
  ~Tokenizer();

  // Splits text into tokens. Never fails (MeCab errors give an empty vector).
  std::vector<Token> Tokenize(std::string_view text) const;

  // Returns true when the predicate that governs the text at byte offset `at` (an anchor a rule
  // found, e.g. "多要素認証") is negated within its clause: a negative auxiliary or word after the
  // anchor and before the clause ends ("提供しておらず", "実施しておりません", "対応していません",
  // "無し", "なし", "不可", "対象外", "未対応", "非対応"), or the clause is a bare negative answer.
  // A negation in a later clause ("…を提供しており、…はありません") does not count.
  //
  // How, in order (tokenizer.cc has the word lists):
  //  - The clause runs from the token containing `at` to '。', to a comma right after a predicate
  //    ("提供しており、", "提供しておらず、", "なく、"), to a conjunctive particle after a predicate
  //    (が, けど, けれど(も), ものの, のに, ので, から, 一方), or to a tab or line break that follows
  //    a predicate. A tab or line break after a noun ("DR対策の有無\t") is a label followed by its
  //    answer, and the clause goes on into the answer (at most two line breaks).
  //  - Crossing into an answer cell that starts with a bare answer decides at once: "無", "無し",
  //    "なし", "不可", "非対応", "未対応", "対象外", "未実施", "不要", "いいえ", "×" -> true; "有",
  //    "有り", "あり", "可", "可能", "対応", "はい", "○" -> false.
  //  - Otherwise the clause's last predicate chain (read backwards from its end: auxiliaries, verbs,
  //    adjectives, て/で, と/に before なる/する, and the noun it hangs on) decides: it is negated
  //    when it holds an odd number of negations (助動詞 ない/ぬ/ん/ず, 形容詞 ない/無い/なし,
  //    かねる as in "できかねます", a head noun ending in one of the negative words above).
  //  - "Xことは/も/がない" adds the negations of the predicate before こと ("しないことはない" is
  //    positive); "…しか…ない" ("only") and "なしでは/なくては/なければ…ない" (required) are positive.
  //    A stance noun passes on the negation before it: "行わない方針です", "しない運用としています".
  //  - The anchor's own verb negated adverbially counts: "暗号化せずに保存" at 暗号化 is true.
  //  - A line break inside a predicate ("提供しておりませ\nん", "利用でき\nない") does not end it.
  //  - Negations before the anchor, in an adnominal or adverbial predicate inside the clause
  //    ("改ざんできないよう保護"), and in later clauses do not count; nor do 問わず, 限らず,
  //    かかわらず ("regardless of"), which also do not end a clause at their comma.
  // Limits: a line break after a verb ends the clause even where a PDF only wrapped the line (the
  // passages stage should join those); a comma after a noun never ends a clause, so "…場合、…" and
  // "…ため、…" are judged by the main predicate; negation scoped by a quantifier ("すべては…ない")
  // or by context across sentences is not seen. Returns false when `at` is past the end of text.
  bool IsNegated(std::string_view text, size_t at) const;

  struct Impl;

 private:
  explicit Tokenizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Returns the version of the MeCab library in use (for kensa --version).
std::string MecabVersion();

}  // namespace kensa
