// The document-level clean-up of the findings of all passages, what no single passage can decide.
// Each policy is one function, applied in this order by Consolidate:
//   1. MergeRestatements: a value stated twice (prose and table) is one finding;
//   2. DropYieldedFallbacks: a fallback finding yields to a specific one of its field;
//   3. KeepPositiveStatements: a yes/no field stated both ways has the capability;
//   4. CombineMembers: members stated apart that the catalogue combines (国内 + 海外) become one;
//   5. KeepLatestDate: the document's date is its latest issue or revision date;
//   6. AssignCases: a field with several values gives each the case it is for.
// The result is in catalogue order, then document order.
#pragma once

#include <vector>

#include "findings/finding.h"

namespace kensa {

std::vector<Finding> Consolidate(std::vector<Finding> findings);

void MergeRestatements(std::vector<Finding>& findings);
void DropYieldedFallbacks(std::vector<Finding>& findings);
void KeepPositiveStatements(std::vector<Finding>& findings);
void CombineMembers(std::vector<Finding>& findings);
void KeepLatestDate(std::vector<Finding>& findings);
void AssignCases(std::vector<Finding>& findings);

}  // namespace kensa
