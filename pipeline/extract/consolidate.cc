#include "extract/consolidate.h"

#include <algorithm>
#include <map>
#include <set>

#include "fields/field_catalogue.h"

namespace kensa {
namespace {

size_t CatalogueIndex(const std::string& field) {
  auto catalogue = FieldCatalogue();
  for (size_t i = 0; i < catalogue.size(); ++i) {
    if (catalogue[i].id == field) return i;
  }
  return catalogue.size();
}

bool HasMember(const std::vector<Finding>& findings, const std::string& field, std::string_view member) {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
    const std::string* s = std::get_if<std::string>(&f.value);
    return f.field == field && s && *s == member;
  });
}

}  // namespace

// A value stated twice (prose and table, summary and detail) is one finding: the first, unless a
// later one says more of its case (a rule's condition, else the passage's words).
void MergeRestatements(std::vector<Finding>& findings) {
  std::vector<Finding> unique;
  const auto says = [](const Finding& f) { return f.condition.empty() ? (f.derived_condition.empty() ? 0 : 1) : 2; };
  for (Finding& f : findings) {
    auto seen = std::find_if(unique.begin(), unique.end(), [&](const Finding& u) {
      return u.field == f.field && Equivalent(u.value, f.value);
    });
    if (seen == unique.end()) {
      unique.push_back(std::move(f));
    } else if (says(f) > says(*seen)) {
      *seen = std::move(f);
    }
  }
  findings = std::move(unique);
}

// A fallback rule (e.g. "encrypted" with no version) yields to a specific finding of its field (an
// inferred "DR exists" to an explicit "DR: いいえ"). First, so that the rest sees only what stands.
void DropYieldedFallbacks(std::vector<Finding>& findings) {
  std::set<std::string> specific;
  for (const Finding& f : findings)
    if (!f.fallback) specific.insert(f.field);
  std::erase_if(findings, [&](const Finding& f) { return f.fallback && specific.count(f.field); });
}

// A yes/no field stated both ways ("第三者の診断は実施しておりませんが、自社で毎月診断しています")
// has the capability in some form: the positive statement stands.
void KeepPositiveStatements(std::vector<Finding>& findings) {
  std::set<std::string> stated_yes;
  for (const Finding& f : findings)
    if (const bool* yes = std::get_if<bool>(&f.value); yes && *yes) stated_yes.insert(f.field);
  std::erase_if(findings, [&](const Finding& f) {
    const bool* no = std::get_if<bool>(&f.value);
    return no && !*no && stated_yes.count(f.field);
  });
}

// Members the catalogue combines (fields.toml `combines`): data kept both in Japan and abroad
// (production in Tokyo, backup copies in Singapore) is domestic_and_overseas. The last part's finding
// becomes the whole, and the parts are then not answers of their own.
void CombineMembers(std::vector<Finding>& findings) {
  for (const FieldSpec& field : FieldCatalogue()) {
    const std::string id(field.id);
    for (const MemberSpec& whole : field.member_specs) {
      if (whole.combines.empty()) continue;
      const auto has = [&](std::string_view member) { return HasMember(findings, id, member); };
      if (std::all_of(whole.combines.begin(), whole.combines.end(), has) && !has(whole.id)) {
        for (Finding& f : findings) {
          std::string* s = std::get_if<std::string>(&f.value);
          if (f.field == id && s && *s == whole.combines.back()) *s = std::string(whole.id);
        }
      }
      if (!has(whole.id)) continue;
      std::erase_if(findings, [&](const Finding& f) {
        const std::string* s = std::get_if<std::string>(&f.value);
        return f.field == id && s && std::find(whole.combines.begin(), whole.combines.end(), *s) != whole.combines.end();
      });
    }
  }
}

// The document's date is its latest issue or revision date.
void KeepLatestDate(std::vector<Finding>& findings) {
  const Finding* latest = nullptr;
  for (const Finding& f : findings) {
    if (const Date* d = std::get_if<Date>(&f.value); d && (!latest || std::get<Date>(latest->value).iso < d->iso))
      latest = &f;
  }
  if (!latest) return;
  const std::string keep = std::get<Date>(latest->value).iso;
  std::erase_if(findings, [&](const Finding& f) {
    const Date* d = std::get_if<Date>(&f.value);
    return d && d->iso != keep;
  });
}

// A field with several values: each says the case it is for, in the passage's words. A rule's own
// condition stands unless those words say more ("平日" becomes "平日午前") or two values share it
// (then it tells them apart no better than none). A set's members are not cases of one question.
// Values that still share one case are told apart by their own names, when each has one
// ("日次で35日分、月次で1年分" under one heading: 日次 and 月次).
void AssignCases(std::vector<Finding>& findings) {
  std::map<std::string, int> values_of;
  std::map<std::pair<std::string, std::string>, int> sharing;
  for (const Finding& f : findings) {
    ++values_of[f.field];
    if (!f.condition.empty()) ++sharing[{f.field, f.condition}];
  }
  for (Finding& f : findings) {
    const FieldSpec* spec = FindField(f.field);
    if (values_of[f.field] < 2 || f.derived_condition.empty() || (spec && spec->type == ValueType::kSet)) continue;
    if (f.condition.empty() || f.derived_condition.find(f.condition) != std::string::npos ||
        sharing[{f.field, f.condition}] > 1)
      f.condition = f.derived_condition;
  }
  std::map<std::pair<std::string, std::string>, std::set<std::string>> names;  // per shared case
  sharing.clear();
  for (const Finding& f : findings) {
    ++sharing[{f.field, f.condition}];
    names[{f.field, f.condition}].insert(f.value_words);
  }
  for (Finding& f : findings) {
    const auto group = std::make_pair(f.field, f.condition);
    const auto& group_names = names[group];
    if (sharing[group] > 1 && !group_names.count("") && group_names.size() == static_cast<size_t>(sharing[group]))
      f.condition = f.value_words;
  }
}

std::vector<Finding> Consolidate(std::vector<Finding> findings) {
  MergeRestatements(findings);
  DropYieldedFallbacks(findings);
  KeepPositiveStatements(findings);
  CombineMembers(findings);
  KeepLatestDate(findings);
  AssignCases(findings);
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return CatalogueIndex(a.field) < CatalogueIndex(b.field);
  });
  return findings;
}

}  // namespace kensa
