// Service identity: which service (the product a vendor offers) and which vendor a document is about,
// read from the document's own statements, so that the versions of one service's documents (this
// year's whitepaper and last year's, the SLA beside the checksheet) can be grouped in the store.
//
// A document names its service in a few shapes, tried strongest first and scored, a name that recurs
// in the body scoring more:
//  - a label and its value: "サービス名称:X", "対象サービス:X" (a parenthetical remark dropped);
//  - a definition: "X(以下「本サービス」という)", "「X」(以下「本サービス」)";
//  - a quoted name after a service noun or a verb of offering: "勤怠管理サービス「X」", "提供する「X」";
//  - a name, quoted or not, as the thing used or provided: "Xをご利用のお客様へ", "X(提供:株式会社Y)";
//  - the title lines of page 1, around a document-kind word ("X セキュリティホワイトペーパー",
//    "X|サービスレベル目標") or a short line above one;
//  - a Latin-letter name opening several sentences ("Xでは", "Xは").
// The vendor is a company name ("株式会社X", "X株式会社", …) from a label line or page 1, never an
// addressee or customer ("…御中", "丸橋運輸株式会社様 ― 導入事例") nor a cloud provider the document runs on;
// a department after it is cut, at the space the normalizer dropped before it when there was one. When no product is named, the
// vendor's name without its legal form stands for the service. A wrong name is worse than none: a
// candidate that is only generic words, a topic or a technology name is dropped, and the result is
// empty when nothing is left.
//
// The words of these shapes (labels, document kinds, company forms, generic and technology words) are
// data: dictionaries/service_words.toml, compiled into the binary.
//
// Thread-safe: DetectService and ServiceKey are pure functions; the words are parsed once, on first
// use (a function-local static), and shared read-only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "normalize/normalizer.h"

namespace kensa {

struct ServiceIdentity {
  std::string service;  // "ヤマビコ勤怠"; empty when the document names none
  std::string vendor;   // "株式会社ヤマビコソフト"; empty when it names none
  int page = 0;         // page the service name was read from (0 when none)
  std::string quote;    // the line it was read from (trimmed, at most ~120 chars)
  std::string how;      // what told it: "label" (サービス名:X), "definition" (X(以下「本サービス」)),
                        // "quoted" (…サービス「X」), "used" (Xをご利用の…, X(提供:…)), "title" (title lines of page 1), "subject" (Xでは/Xは…),
                        // "vendor" (no product named: the vendor stands for its service); "" when none
};

// Reads the document's own statement of its service and vendor from normalized text (pages joined by
// '\f'). Never fails: a document that names neither gives an empty ServiceIdentity.
ServiceIdentity DetectService(const NormalizedText& text);

// Returns the grouping key of a service name: two names that a reviewer would call the same service
// give the same key (NFKC-folded, case-folded, spaces/middle dots/brackets/punctuation dropped). ""
// for "" (and for a name made only of those).
std::string ServiceKey(std::string_view name);

// The words of dictionaries/service_words.toml, one list per use (what each is for is said in the file).
struct ServiceWords {
  // [service]
  std::vector<std::string> service_labels;
  std::vector<std::string> definitions;
  std::vector<std::string> quote_before;
  std::vector<std::string> quote_after;
  std::vector<std::string> use_marks;
  std::vector<std::string> provider_marks;
  std::vector<std::string> quote_subject;
  std::vector<std::string> self_reference_marks;
  std::vector<std::string> self_reference_nouns;
  std::vector<std::string> topic_markers;
  std::vector<std::string> document_kinds;
  std::vector<std::string> generic;
  std::vector<std::string> topic_words;
  std::vector<std::string> partner_marks;
  // [vendor]
  std::vector<std::string> vendor_labels;
  std::vector<std::string> company_forms;
  std::vector<std::string> name_ends;
  std::vector<std::string> departments;
  std::vector<std::string> department_units;
  std::vector<std::string> addressee;
  std::vector<std::string> addressee_line_end;
  std::vector<std::string> customer_marks;
  std::vector<std::string> colophon;
  // [technology]
  std::vector<std::string> technology;
};

// Parses the text of a service-words file (`name` only labels the messages). Fails with kConfig,
// naming the line, on a TOML syntax error, an unknown or missing key, a list that is not strings, an
// empty word or list, or a word listed twice in one list.
Result<ServiceWords> ParseServiceWords(std::string_view toml, std::string_view name = "service_words.toml");

// Returns the words compiled into the binary from dictionaries/service_words.toml, parsed on the first
// call. A malformed file is caught by identity_test; should one still be compiled in, the first call
// prints the reason to stderr and aborts.
const ServiceWords& SharedServiceWords();

}  // namespace kensa
