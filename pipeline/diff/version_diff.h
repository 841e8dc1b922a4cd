// What changed between two stored versions of one service (store.h, ServiceVersions): the answer
// diff of their findings, and the one-line summary that `kensa ingest` prints for a new version and
// `kensa export` puts in its "changed since previous version" column.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "diff/answer_diff.h"
#include "store/store.h"

namespace kensa {

// Returns a stored document's findings as the extractor gave them (values parsed from the store's
// JSON). Fails with kStore when a stored value does not fit its field's type.
Result<std::vector<Finding>> StoredFindings(const StoredDocument& document);

// Compares two stored versions (DiffAnswers on their findings).
Result<AnswerDiff> DiffStored(const StoredDocument& before, const StoredDocument& after);

// One line for a terminal or a cell: each change as "rto 4時間 → 24時間", "certifications −ISO27017",
// "certifications +ISMAP" (a condition in parentheses when there is one), joined with ", "; at most
// max_changes listed, then "… (N more)". Empty when nothing changed.
std::string ChangeSummary(const AnswerDiff& diff, size_t max_changes = 8);

// The ids of the fields with a change, in catalogue order.
std::vector<std::string> ChangedFields(const AnswerDiff& diff);

// The readable value of a finding ("4時間", "ISO27017").
std::string ReadableValue(const Finding& finding);

// One side of a change as JSON (kensa diff --json, export --changes): value, value_text, condition
// (when stated), page, quote, rule.
nlohmann::ordered_json ChangeSideJson(const Finding& finding);

}  // namespace kensa
