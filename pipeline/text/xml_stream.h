// Internal to the text stage: the XML of Office parts read as a stream of events (expat), so that a
// sheet of a million rows costs the memory of one row, not of a tree.
//
// Names come as (namespace URI, local name): Office files may bind any prefix ("w:", "x:", none) to a
// namespace, and the readers compare URIs, never prefixes. Office Open XML has no DTD, so a
// document that declares one (<!DOCTYPE …>) is refused before any entity in it could be expanded or
// fetched: no external entity (XXE) is ever read and no entity expansion ("billion laughs") runs.
// Thread-safety: ParseXml shares no state between calls.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace kensa::text {

// One element's attributes: (namespace URI, local name) and value, in document order.
struct XmlAttribute {
  std::string_view ns;
  std::string_view name;
  std::string_view value;
};

// Receives the events of ParseXml. Text may come in several pieces for one run of characters.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void Start(std::string_view ns, std::string_view name, const std::vector<XmlAttribute>& attributes) = 0;
  virtual void End(std::string_view ns, std::string_view name) = 0;
  virtual void Text(std::string_view text) = 0;
  // Set by a handler that has seen enough (a limit reached): parsing stops and ParseXml returns it.
  Status stop;
};

// Returns the value of the attribute (ns, name), or "" when there is none.
std::string_view AttributeValue(const std::vector<XmlAttribute>& attributes, std::string_view ns, std::string_view name);

// Parses xml, calling handler for each event. Fails with kDamaged ("malformed XML in PART at line N:
// REASON", "XML in PART declares a DTD (<!DOCTYPE>), which Office files never do"), or with the
// handler's own stop status. part names the part in messages ("xl/worksheets/sheet1.xml").
Status ParseXml(std::string_view xml, std::string_view part, XmlHandler& handler);

// Namespace URIs the readers compare with.
inline constexpr std::string_view kSpreadsheetNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
inline constexpr std::string_view kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
inline constexpr std::string_view kRelationshipsNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
inline constexpr std::string_view kPackageRelationshipsNs = "http://schemas.openxmlformats.org/package/2006/relationships";

}  // namespace kensa::text
