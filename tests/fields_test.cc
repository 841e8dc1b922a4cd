// Tests for pipeline/fields (field_catalogue.h): the compiled-in catalogue must be the table of
// ../shared/FIELDS.md, which is read at test time so that an edit to the contract that the code
// does not follow fails here rather than in a consumer of the JSON.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fields/field_catalogue.h"

namespace kensa {
namespace {

struct ContractRow {
  std::string id, label_ja, type;
  std::vector<std::string> members;
};

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

// The cells of a Markdown table line "| a | b | c |".
std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string_view rest(line);
  rest.remove_prefix(1);  // leading '|'
  for (size_t bar; (bar = rest.find('|')) != std::string_view::npos; rest.remove_prefix(bar + 1))
    cells.push_back(Trim(rest.substr(0, bar)));
  return cells;
}

// The rows of the table under "## <heading>" in FIELDS.md, header and separator skipped.
std::vector<std::vector<std::string>> TableUnder(const std::string& heading) {
  std::istringstream lines(ReadFile(std::filesystem::path(KENSA_SHARED_DIR) / "FIELDS.md"));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool in_section = false;
  int table_line = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("## ", 0) == 0) {
      in_section = line == "## " + heading;
      continue;
    }
    if (!in_section || line.rfind("|", 0) != 0) continue;
    if (++table_line <= 2) continue;  // the header and the --- line
    rows.push_back(Cells(line));
  }
  return rows;
}

// The catalogue of FIELDS.md: "set: email, phone" is type "set" with its members.
std::vector<ContractRow> ContractFields() {
  std::vector<ContractRow> out;
  for (const std::vector<std::string>& cells : TableUnder("Fields")) {
    REQUIRE(cells.size() == 4);
    ContractRow row{cells[0], cells[1], cells[2], {}};
    if (size_t colon = row.type.find(':'); colon != std::string::npos) {
      std::istringstream members(row.type.substr(colon + 1));
      for (std::string m; std::getline(members, m, ',');) row.members.push_back(Trim(m));
      row.type = row.type.substr(0, colon);
    }
    out.push_back(std::move(row));
  }
  return out;
}

TEST_CASE("fields: the catalogue is the table of FIELDS.md, in its order") {
  const std::vector<ContractRow> contract = ContractFields();
  // Guards the parser above: a FIELDS.md it could not read would make the comparison vacuous.
  REQUIRE(contract.size() == 29);
  REQUIRE(FieldCatalogue().size() == contract.size());
  for (size_t i = 0; i < contract.size(); ++i) {
    const FieldSpec& field = FieldCatalogue()[i];
    const ContractRow& row = contract[i];
    CAPTURE(i);
    CAPTURE(row.id);
    CHECK(std::string(field.id) == row.id);
    CHECK(std::string(field.label_ja) == row.label_ja);
    CHECK(std::string(ValueTypeName(field.type)) == row.type);
    CHECK(std::vector<std::string>(field.members.begin(), field.members.end()) == row.members);
    CHECK_FALSE(field.what_counts.empty());
  }
}

TEST_CASE("fields: every field type is one of the contract's value types") {
  std::set<std::string> types;
  for (const std::vector<std::string>& cells : TableUnder("Value types")) types.insert(cells.at(0));
  REQUIRE(types.size() == 9);
  for (const FieldSpec& field : FieldCatalogue()) {
    CAPTURE(field.id);
    CHECK(types.count(ValueTypeName(field.type)) == 1);
    // Only enum and set fields have members; every other type takes free values.
    const bool listed = field.type == ValueType::kEnum || field.type == ValueType::kSet;
    CHECK(field.members.empty() != listed);
  }
}

TEST_CASE("fields: ids are unique") {
  std::set<std::string_view> ids;
  for (const FieldSpec& field : FieldCatalogue()) CHECK_MESSAGE(ids.insert(field.id).second, field.id);
}

TEST_CASE("fields: FindField") {
  SUBCASE("every catalogue id finds its own entry") {
    for (const FieldSpec& field : FieldCatalogue()) {
      CAPTURE(field.id);
      CHECK(FindField(field.id) == &field);
    }
  }
  SUBCASE("a known id by value, not by pointer identity of the literal") {
    const std::string id = "backup_generations";
    const FieldSpec* field = FindField(id);
    REQUIRE(field != nullptr);
    CHECK(field->type == ValueType::kCount);
    CHECK(field->label_ja == "バックアップ世代数");
  }
  SUBCASE("unknown ids give nullptr") {
    // Case, surrounding spaces, prefixes and Japanese labels are not ids.
    for (const std::string id : {"", "RTO", " rto", "rto ", "rt", "rto_", "目標復旧時間 (RTO)", "unknown"}) {
      CAPTURE(id);
      CHECK(FindField(id) == nullptr);
    }
  }
}

}  // namespace
}  // namespace kensa
