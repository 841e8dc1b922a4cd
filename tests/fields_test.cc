// Tests for pipeline/fields (field_catalogue.h): the compiled-in catalogue (fields.toml) must be the
// table of ../shared/FIELDS.md, which is read at test time so that an edit to the contract that the
// data does not follow (or the other way round) fails here rather than in a consumer of the JSON;
// the parser must refuse malformed data, naming the line.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
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

// FIELDS.md's fields by id.
std::map<std::string, ContractRow> ContractById() {
  std::map<std::string, ContractRow> by_id;
  for (ContractRow& row : ContractFields()) by_id.emplace(row.id, std::move(row));
  return by_id;
}

TEST_CASE("fields: nothing of FIELDS.md is missing from fields.toml, nothing in it is extra") {
  const std::map<std::string, ContractRow> contract = ContractById();
  REQUIRE(contract.size() == 29);
  for (const auto& [id, row] : contract) {
    const FieldSpec* field = FindField(id);
    CHECK_MESSAGE(field != nullptr, "field " << id << " of FIELDS.md is missing from fields.toml");
    if (!field) continue;
    CHECK_MESSAGE(std::string(field->label_ja) == row.label_ja, "label of " << id << ": " << field->label_ja);
    CHECK_MESSAGE(std::string(ValueTypeName(field->type)) == row.type, "type of " << id << ": " << ValueTypeName(field->type));
    for (const std::string& member : row.members)
      CHECK_MESSAGE(FindMember(*field, member) != nullptr, "member " << member << " of " << id << " is missing from fields.toml");
  }
  for (const FieldSpec& field : FieldCatalogue()) {
    const auto row = contract.find(std::string(field.id));
    CHECK_MESSAGE(row != contract.end(), "field " << field.id << " of fields.toml is not in FIELDS.md");
    if (row == contract.end()) continue;
    for (const MemberSpec& member : field.member_specs) {
      CHECK_MESSAGE(std::count(row->second.members.begin(), row->second.members.end(), member.id) == 1,
                    "member " << member.id << " of " << field.id << " is not in FIELDS.md");
    }
  }
}

TEST_CASE("fields: members with their names, words and combinations") {
  SUBCASE("member_specs are the members, in their order") {
    for (const FieldSpec& field : FieldCatalogue()) {
      CAPTURE(field.id);
      REQUIRE(field.member_specs.size() == field.members.size());
      for (size_t m = 0; m < field.members.size(); ++m) CHECK(field.member_specs[m].id == field.members[m]);
    }
  }
  SUBCASE("what the review page shows and marks") {
    const FieldSpec* location = FindField("data_location");
    REQUIRE(location != nullptr);
    const MemberSpec* domestic = FindMember(*location, "domestic");
    REQUIRE(domestic != nullptr);
    CHECK(domestic->name_ja == "国内");
    CHECK(domestic->words == std::vector<std::string_view>{"国内", "日本"});
    const MemberSpec* aws = FindMember(*FindField("cloud_provider"), "AWS");
    REQUIRE(aws != nullptr);
    CHECK(aws->name_ja.empty());  // "AWS" reads as it stands
    CHECK(aws->words == std::vector<std::string_view>{"AWS", "Amazon"});
    CHECK(FindMember(*FindField("governing_law"), "other")->words.empty());  // its id is looked for
  }
  SUBCASE("domestic_and_overseas combines domestic and overseas; nothing else combines") {
    for (const FieldSpec& field : FieldCatalogue()) {
      for (const MemberSpec& member : field.member_specs) {
        CAPTURE(member.id);
        if (member.id == "domestic_and_overseas") {
          CHECK(field.id == "data_location");
          CHECK(member.combines == std::vector<std::string_view>{"domestic", "overseas"});
        } else {
          CHECK(member.combines.empty());
        }
      }
    }
  }
  SUBCASE("bool fields have words of their own, other fields none") {
    for (const FieldSpec& field : FieldCatalogue()) {
      CAPTURE(field.id);
      if (field.type != ValueType::kBool) CHECK(field.words.empty());
    }
    CHECK(FindField("sso")->words == std::vector<std::string_view>{"シングルサインオン", "SSO", "SAML", "OpenID"});
  }
  SUBCASE("FindMember") {
    const FieldSpec* certifications = FindField("certifications");
    REQUIRE(certifications != nullptr);
    const std::string id = "ISO27001";
    REQUIRE(FindMember(*certifications, id) != nullptr);
    CHECK(FindMember(*certifications, id)->words == std::vector<std::string_view>{"27001", "ISMS"});
    for (std::string_view unknown : {"", "iso27001", "ISMS", "domestic"}) CHECK(FindMember(*certifications, unknown) == nullptr);
    CHECK(FindMember(*FindField("rto"), "domestic") == nullptr);
  }
}

// A small well-formed catalogue; each case below breaks it in one place.
constexpr std::string_view kGood = R"(
[[field]]
id = "rto"
label_ja = "目標復旧時間"
type = "duration"
what_counts = "target time"

[[field]]
id = "mfa"
label_ja = "多要素認証"
type = "bool"
what_counts = "a second factor"
words = ["多要素"]

[[field]]
id = "data_location"
label_ja = "データの保管場所"
type = "enum"
what_counts = "where data is"
members = [
  { id = "domestic", name_ja = "国内", words = ["国内"] },
  { id = "overseas", words = ["海外"] },
  { id = "both", combines = ["domestic", "overseas"] },
]
)";

std::string Replaced(std::string_view from, std::string_view to) {
  std::string text(kGood);
  const size_t at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, from);
  return text.replace(at, from.size(), to);
}

TEST_CASE("fields: ParseFieldCatalogue") {
  SUBCASE("a well-formed catalogue") {
    Result<ParsedCatalogue> parsed = ParseFieldCatalogue(kGood, "good.toml");
    REQUIRE_MESSAGE(parsed.ok(), parsed.status().message());
    // Moved out of the Result: the views still point at the strings.
    const ParsedCatalogue catalogue = std::move(parsed).value();
    REQUIRE(catalogue.fields().size() == 3);
    const FieldSpec& location = catalogue.fields()[2];
    CHECK(location.type == ValueType::kEnum);
    CHECK(location.members == std::vector<std::string_view>{"domestic", "overseas", "both"});
    CHECK(location.member_specs[0].name_ja == "国内");
    CHECK(location.member_specs[1].name_ja.empty());
    CHECK(location.member_specs[2].words.empty());
    CHECK(location.member_specs[2].combines == std::vector<std::string_view>{"domestic", "overseas"});
    CHECK(catalogue.fields()[1].words == std::vector<std::string_view>{"多要素"});
  }
  struct Case {
    std::string_view what;
    std::string text;
    const char* message;  // a part of the error
  };
  const Case cases[] = {
      // TOML itself
      {"syntax", Replaced("type = \"duration\"", "type = duration"), "bad.toml:5: "},
      {"no fields", "# nothing\n", "no [[field]] tables"},
      {"unknown top-level key", "version = 1\n" + std::string(kGood), "unknown key \"version\""},
      // fields
      {"no id", Replaced("id = \"rto\"\n", ""), "a field: no id"},
      {"empty label", Replaced("label_ja = \"目標復旧時間\"", "label_ja = \"\""), "field rto: label_ja must be a non-empty string"},
      {"unknown type", Replaced("type = \"duration\"", "type = \"time\""), "bad.toml:5: field rto: unknown type \"time\""},
      {"no what_counts", Replaced("what_counts = \"target time\"\n", ""), "field rto: no what_counts"},
      {"misspelt key", Replaced("words = [\"多要素\"]", "word = [\"多要素\"]"), "field mfa: unknown key \"word\""},
      {"duplicate field", Replaced("id = \"mfa\"", "id = \"rto\""), "field rto: a second field with this id"},
      {"words on a duration", Replaced("what_counts = \"target time\"", "what_counts = \"t\"\nwords = [\"RTO\"]"),
       "field rto: words on a field that is not bool"},
      {"a word that is no string", Replaced("words = [\"多要素\"]", "words = [\"多要素\", 2]"), "field mfa: words must hold non-empty strings"},
      // members
      {"members on a bool", Replaced("words = [\"多要素\"]", "members = [{ id = \"yes\" }]"),
       "field mfa: members on a field that is not enum or set"},
      {"an enum without members", Replaced("type = \"duration\"", "type = \"enum\""), "field rto: an enum or set field needs members"},
      {"a member without id", Replaced("{ id = \"overseas\", words", "{ words"), "field data_location, a member: no id"},
      {"duplicate member", Replaced("id = \"overseas\"", "id = \"domestic\""), "member domestic: a second member with this id"},
      {"unknown member key", Replaced("name_ja = \"国内\"", "label_ja = \"国内\""), "member domestic: unknown key \"label_ja\""},
      {"combines an unknown member", Replaced("\"domestic\", \"overseas\"]", "\"domestic\", \"abroad\"]"),
       "member both: combines \"abroad\", no member of the field"},
      {"combines itself", Replaced("\"domestic\", \"overseas\"]", "\"domestic\", \"both\"]"), "member both: combines itself"},
      {"combines one member", Replaced("\"domestic\", \"overseas\"]", "\"domestic\"]"), "combines needs two members or more"},
      // answer words
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    Result<ParsedCatalogue> parsed = ParseFieldCatalogue(c.text, "bad.toml");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().kind() == ErrorKind::kConfig);
    CHECK_MESSAGE(parsed.status().message().find(c.message) != std::string::npos, parsed.status().message());
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
