// Stage 4, tokens: MeCab morphological analysis with the system IPAdic dictionary plus kensa's user
// dictionary (compiled at build time from dictionaries/*.csv), and the questions rules ask of it:
// where a number and its counter stand, whether a statement is negated, whether a keyword stands as
// a whole word.
//
// Following MeCab's own design: the Tokenizer owns the immutable model (dictionaries, shared by
// threads) and a tagger per call, so one Tokenizer may be used from several threads at once.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kensa {

struct Token {
  std::string surface;
  std::string pos;       // IPAdic 品詞 (名詞, 動詞, 助動詞, 助詞, 形容詞, 記号 ...)
  std::string pos1;      // 品詞細分類1 (数, 接尾, 自立, 非自立, 係助詞, 接続助詞 ...)
  std::string base;      // 原形 (surface where the dictionary has none)
  size_t begin = 0;      // byte offsets into the analysed text
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

class Tokenizer {
 public:
  // Loads the dictionaries. Fails with kConfig naming the dictionary that could not be loaded.
  static Result<std::shared_ptr<const Tokenizer>> Create(const TokenizerOptions& options);
  ~Tokenizer();

  // Splits text into tokens. Never fails (MeCab errors give an empty vector).
  std::vector<Token> Tokenize(std::string_view text) const;

  // Returns true when the predicate that governs the text at byte offset `at` (an anchor a rule
  // found, e.g. "多要素認証") is negated within its clause: a negative auxiliary or word after the
  // anchor and before the clause ends ("提供しておらず", "実施しておりません", "対応していません",
  // "無し", "なし", "不可", "対象外", "未対応", "非対応"), or the clause is a bare negative answer.
  // A negation in a later clause ("…を提供しており、…はありません") does not count.
  bool IsNegated(std::string_view text, size_t at) const;

  struct Impl;

 private:
  explicit Tokenizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kensa
