// ReadDocx: the relationships, styles and numbering are read first into small tables; then
// word/document.xml streams through BodyReader, a state machine whose stack of frames (body,
// paragraph, table, row, cell, text box) decides where each finished line goes: onto the page, into
// a cell, or after the row or paragraph that holds it.
#include "text/docx_reader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/process_limits.h"
#include "common/utf8.h"
#include "text/xml_stream.h"
#include "text/zip_archive.h"

namespace kensa::text {
namespace {

constexpr std::string_view kWordStrictNs = "http://purl.oclc.org/ooxml/wordprocessingml/main";
constexpr std::string_view kMarkupCompatibilityNs = "http://schemas.openxmlformats.org/markup-compatibility/2006";
constexpr std::string_view kDefaultDocument = "word/document.xml";

constexpr size_t kMaxTextBytes = size_t{64} << 20;
constexpr long long kMaxParagraphsAndCells = 1000000;
constexpr int kMaxColumns = 16384;  // grid columns of one row (Word allows 63)
constexpr int kMaxBasedOn = 10;     // steps along a style's basedOn chain
constexpr int kLevels = 9;          // list levels 0..8
constexpr size_t kMaxNesting = 256;  // open frames (tables in tables, text boxes in text boxes ...)

bool IsWord(std::string_view ns) { return ns == kWordNs || ns == kWordStrictNs; }

// Returns the w:NAME attribute (transitional or strict namespace), or "".
std::string_view WordAttribute(const std::vector<XmlAttribute>& attributes, std::string_view name = "val") {
  for (const XmlAttribute& a : attributes) {
    if (a.name == name && IsWord(a.ns)) return a.value;
  }
  return {};
}

// Reads an ST_OnOff w:val: absent means on.
bool OnOff(const std::vector<XmlAttribute>& attributes) {
  const std::string_view value = WordAttribute(attributes);
  return !(value == "0" || value == "false" || value == "off");
}

std::optional<int> ParseInt(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int> IntAttribute(const std::vector<XmlAttribute>& attributes, std::string_view name = "val") {
  return ParseInt(WordAttribute(attributes, name));
}

std::string Lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Returns the column letters of a 1-based column: 1 -> "A", 26 -> "Z", 27 -> "AA".
std::string ColumnLetters(int column) {
  std::string letters;
  while (column > 0) {
    const int digit = (column - 1) % 26;
    letters.insert(letters.begin(), static_cast<char>('A' + digit));
    column = (column - 1) / 26;
  }
  return letters;
}

std::string CellName(int row, int column) { return ColumnLetters(column) + std::to_string(row); }

// ---------------------------------------------------------------------------------------------
// Relationships (_rels/.rels, word/_rels/document.xml.rels)

struct Relationship {
  std::string type;
  std::string target;
};

class RelationshipsHandler : public XmlHandler {
 public:
  void Start(std::string_view ns, std::string_view name, const std::vector<XmlAttribute>& attributes) override {
    if (ns != kPackageRelationshipsNs || name != "Relationship") return;
    if (AttributeValue(attributes, "", "TargetMode") == "External") return;
    relationships.push_back({std::string(AttributeValue(attributes, "", "Type")),
                             std::string(AttributeValue(attributes, "", "Target"))});
  }
  void End(std::string_view, std::string_view) override {}
  void Text(std::string_view) override {}
  std::vector<Relationship> relationships;
};

// Reads the relationships part rels_part; a missing part has none.
Result<std::vector<Relationship>> ReadRelationships(ZipArchive& archive, const std::string& rels_part) {
  if (!archive.Has(rels_part)) return std::vector<Relationship>{};
  Result<std::string> xml = archive.Read(rels_part);
  if (!xml.ok()) return xml.status();
  RelationshipsHandler handler;
  if (Status status = ParseXml(*xml, rels_part, handler); !status.ok()) return status;
  return std::move(handler.relationships);
}

// Returns the target of the first relationship whose type ends with type_suffix ("/styles").
std::optional<std::string> FindTarget(const std::vector<Relationship>& relationships, std::string_view type_suffix,
                                      std::string_view folder) {
  for (const Relationship& r : relationships) {
    if (r.type.ends_with(type_suffix) && !r.target.empty()) return ResolvePartTarget(folder, r.target);
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Styles (word/styles.xml): what makes a paragraph a heading or a list item.

struct Style {
  std::string name;  // lowercase: "heading 1"
  std::string based_on;
  std::optional<int> outline_level;
  std::optional<int> num_id;
  std::optional<int> num_level;
  std::optional<bool> page_break_before;
};

struct Styles {
  std::unordered_map<std::string, Style> paragraph;     // by w:styleId
  std::unordered_map<std::string, int> numbering_num;  // a numbering style's numId (numStyleLink)
  std::string default_paragraph;                        // the style of a paragraph naming none
};

// Reads the paragraph and numbering styles. Depths: <w:styles> 1, <w:style> 2, its children 3,
// pPr's children 4, numPr's children 5.
class StylesHandler : public XmlHandler {
 public:
  explicit StylesHandler(Styles& styles) : styles_(styles) {}

  void Start(std::string_view ns, std::string_view name, const std::vector<XmlAttribute>& attributes) override {
    ++depth_;
    if (!IsWord(ns)) return;
    if (depth_ == 2 && name == "style") {
      const std::string_view type = WordAttribute(attributes, "type");
      kind_ = type == "paragraph" ? kParagraph : type == "numbering" ? kNumbering : kNone;
      id_ = WordAttribute(attributes, "styleId");
      style_ = Style();
      const std::string_view is_default = WordAttribute(attributes, "default");
      if (kind_ == kParagraph && (is_default == "1" || is_default == "true" || is_default == "on")) {
        styles_.default_paragraph = id_;
      }
      return;
    }
    if (kind_ == kNone) return;
    if (depth_ == 3) {
      in_ppr_ = name == "pPr";
      if (name == "name") style_.name = Lowercase(WordAttribute(attributes));
      if (name == "basedOn") style_.based_on = WordAttribute(attributes);
    } else if (depth_ == 4 && in_ppr_) {
      in_numpr_ = name == "numPr";
      if (name == "outlineLvl") style_.outline_level = IntAttribute(attributes);
      if (name == "pageBreakBefore") style_.page_break_before = OnOff(attributes);
    } else if (depth_ == 5 && in_numpr_) {
      if (name == "numId") style_.num_id = IntAttribute(attributes);
      if (name == "ilvl") style_.num_level = IntAttribute(attributes);
    }
  }

  void End(std::string_view ns, std::string_view name) override {
    if (depth_ == 2 && IsWord(ns) && name == "style") {
      if (kind_ == kParagraph && !id_.empty()) styles_.paragraph[id_] = std::move(style_);
      if (kind_ == kNumbering && !id_.empty() && style_.num_id) styles_.numbering_num[id_] = *style_.num_id;
      kind_ = kNone;
    }
    if (depth_ == 3) in_ppr_ = false;
    if (depth_ == 4) in_numpr_ = false;
    --depth_;
  }

  void Text(std::string_view) override {}

 private:
  enum Kind { kNone, kParagraph, kNumbering };
  Styles& styles_;
  int depth_ = 0;
  Kind kind_ = kNone;
  std::string id_;
  Style style_;
  bool in_ppr_ = false;
  bool in_numpr_ = false;
};

// ---------------------------------------------------------------------------------------------
// Numbering (word/numbering.xml) and the list counters.

struct Level {
  int start = 1;
  std::string format = "decimal";  // w:numFmt
  std::optional<std::string> text;  // w:lvlText: "%1." "(%1)" "%1.%2"
};

struct AbstractNum {
  std::array<Level, kLevels> levels;
  bool has_levels = false;
  std::string style_link;  // w:numStyleLink: the levels are a numbering style's
};

struct Num {
  int abstract_id = -1;
  std::array<std::optional<int>, kLevels> start_override;
  std::array<std::optional<Level>, kLevels> level_override;
};

struct Numbering {
  std::unordered_map<int, AbstractNum> abstracts;
  std::unordered_map<int, Num> nums;
};

// Reads abstractNum and num definitions. Inside a level every start/numFmt/lvlText counts, the last
// one winning: Word writes a w14 format in mc:Choice and a plain one in mc:Fallback after it.
class NumberingHandler : public XmlHandler {
 public:
  explicit NumberingHandler(Numbering& numbering) : numbering_(numbering) {}

  void Start(std::string_view ns, std::string_view name, const std::vector<XmlAttribute>& attributes) override {
    ++depth_;
    if (!IsWord(ns)) return;
    if (depth_ == 2 && name == "abstractNum") {
      abstract_ = &numbering_.abstracts[IntAttribute(attributes, "abstractNumId").value_or(-1)];
    } else if (depth_ == 2 && name == "num") {
      num_ = &numbering_.nums[IntAttribute(attributes, "numId").value_or(-1)];
    } else if (depth_ == 3 && abstract_ && name == "lvl") {
      level_ = LevelAt(abstract_->levels, IntAttribute(attributes, "ilvl"));
      if (level_) abstract_->has_levels = true;
      level_depth_ = depth_;
    } else if (depth_ == 3 && abstract_ && name == "numStyleLink") {
      abstract_->style_link = WordAttribute(attributes);
    } else if (depth_ == 3 && num_ && name == "abstractNumId") {
      num_->abstract_id = IntAttribute(attributes).value_or(-1);
    } else if (depth_ == 3 && num_ && name == "lvlOverride") {
      const std::optional<int> level = IntAttribute(attributes, "ilvl");
      override_level_ = level && *level >= 0 && *level < kLevels ? *level : -1;
    } else if (depth_ == 4 && num_ && override_level_ >= 0 && name == "startOverride") {
      if (std::optional<int> start = IntAttribute(attributes)) num_->start_override[override_level_] = *start;
    } else if (depth_ == 4 && num_ && override_level_ >= 0 && name == "lvl") {
      num_->level_override[override_level_] = Level();
      level_ = &*num_->level_override[override_level_];
      level_depth_ = depth_;
    } else if (level_ && depth_ > level_depth_) {
      if (name == "start") level_->start = IntAttribute(attributes).value_or(1);
      if (name == "numFmt") level_->format = WordAttribute(attributes);
      if (name == "lvlText") level_->text = std::string(WordAttribute(attributes));
    }
  }

  void End(std::string_view, std::string_view) override {
    if (depth_ == level_depth_) {
      level_ = nullptr;
      level_depth_ = -1;
    }
    if (depth_ == 3) override_level_ = -1;
    if (depth_ == 2) {
      abstract_ = nullptr;
      num_ = nullptr;
    }
    --depth_;
  }

  void Text(std::string_view) override {}

 private:
  static Level* LevelAt(std::array<Level, kLevels>& levels, std::optional<int> index) {
    if (!index || *index < 0 || *index >= kLevels) return nullptr;
    return &levels[static_cast<size_t>(*index)];
  }

  Numbering& numbering_;
  int depth_ = 0;
  AbstractNum* abstract_ = nullptr;
  Num* num_ = nullptr;
  Level* level_ = nullptr;
  int level_depth_ = -1;
  int override_level_ = -1;
};

bool IsDecimalFormat(std::string_view format) {
  return format == "decimal" || format == "decimalZero" || format == "decimalHalfWidth" ||
         format == "decimalFullWidth" || format == "decimalFullWidth2" || format == "decimalEnclosedFullstop" ||
         format == "decimalEnclosedParen" || format == "decimalEnclosedCircle" ||
         format == "decimalEnclosedCircleChinese";
}

// Writes n as a decimal-family format shows it: "3", "(3)", "3.", "③".
std::string FormatNumber(std::string_view format, int n) {
  const std::string digits = std::to_string(n);
  if (format == "decimalEnclosedParen") return "(" + digits + ")";
  if (format == "decimalEnclosedFullstop") return digits + ".";
  if (format == "decimalEnclosedCircle" || format == "decimalEnclosedCircleChinese") {
    if (n >= 1 && n <= 20) {
      std::string circled;
      utf8::Append(circled, static_cast<char32_t>(0x2460 + n - 1));
      return circled;
    }
    return "(" + digits + ")";
  }
  if (format == "decimalZero" && n >= 0 && n < 10) return "0" + digits;
  return digits;
}

// The list counters of one document, and the marker each list paragraph gets.
class ListCounter {
 public:
  ListCounter(const Numbering& numbering, const Styles& styles) : numbering_(numbering), styles_(styles) {}

  // Advances the counter of (num_id, level) and returns the paragraph's marker: "・" for a bullet or
  // a format other than decimal, "1. " (the level's text filled in) for a decimal one, "" for a list
  // that numbering.xml does not define or whose format is "none".
  std::string Next(int num_id, int level) {
    if (level < 0 || level >= kLevels) level = 0;
    const Num* num = FindNum(num_id);
    if (!num) return "";
    std::array<Level, kLevels> levels;
    for (int i = 0; i < kLevels; ++i) {
      const Level* found = LevelOf(*num, i);
      if (found) levels[static_cast<size_t>(i)] = *found;
    }
    if (!LevelOf(*num, level)) return "";
    State& state = states_[num_id];
    const auto at = static_cast<size_t>(level);
    state.counters[at] = state.seen[at] ? state.counters[at] + 1 : levels[at].start;
    state.seen[at] = true;
    for (size_t deeper = at + 1; deeper < kLevels; ++deeper) state.seen[deeper] = false;

    const Level& current = levels[at];
    if (current.format == "none") return "";
    if (!IsDecimalFormat(current.format)) return "・";
    const std::string pattern = current.text.value_or("%" + std::to_string(level + 1) + ".");
    std::string marker;
    for (size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i] == '%' && i + 1 < pattern.size() && pattern[i + 1] >= '1' && pattern[i + 1] <= '9') {
        const auto which = static_cast<size_t>(pattern[i + 1] - '1');
        const int n = state.seen[which] ? state.counters[which] : levels[which].start;
        marker += FormatNumber(IsDecimalFormat(levels[which].format) ? levels[which].format : "decimal", n);
        ++i;
      } else {
        marker += pattern[i];
      }
    }
    if (marker.empty()) marker = std::to_string(state.counters[at]) + ".";
    return marker + " ";
  }

 private:
  struct State {
    std::array<int, kLevels> counters{};
    std::array<bool, kLevels> seen{};
  };

  const Num* FindNum(int num_id) const {
    const auto found = numbering_.nums.find(num_id);
    return found == numbering_.nums.end() ? nullptr : &found->second;
  }

  // Returns the definition of a level of a list (its override, else its abstract's, following one
  // numStyleLink), with the start override applied; nullptr when none defines it.
  const Level* LevelOf(const Num& num, int level) {
    const auto at = static_cast<size_t>(level);
    if (num.level_override[at]) return &*num.level_override[at];
    const AbstractNum* abstract = FindAbstract(num.abstract_id);
    if (abstract && !abstract->has_levels && !abstract->style_link.empty()) {
      const auto link = styles_.numbering_num.find(abstract->style_link);
      const Num* linked = link == styles_.numbering_num.end() ? nullptr : FindNum(link->second);
      abstract = linked ? FindAbstract(linked->abstract_id) : nullptr;
    }
    if (!abstract || !abstract->has_levels) return nullptr;
    if (!num.start_override[at]) return &abstract->levels[at];
    scratch_[at] = abstract->levels[at];
    scratch_[at].start = *num.start_override[at];
    return &scratch_[at];
  }

  const AbstractNum* FindAbstract(int id) const {
    const auto found = numbering_.abstracts.find(id);
    return found == numbering_.abstracts.end() ? nullptr : &found->second;
  }

  const Numbering& numbering_;
  const Styles& styles_;
  std::unordered_map<int, State> states_;
  std::array<Level, kLevels> scratch_;
};

// True when a heading's text already opens the way the passages stage recognizes a heading or an
// item: a number ("3.", "１", "第2章"), a bullet or mark (■ ● ・ ※), a circled or roman numeral, a
// bracket ("【概要】", "(1)"), or a letter label ("A.", "b)").
bool StartsWithNumberOrMarker(std::string_view text) {
  if (text.empty()) return false;
  size_t pos = 0;
  const char32_t first = utf8::Next(text, pos);
  if (utf8::IsAsciiDigit(first) || (first >= U'０' && first <= U'９')) return true;
  if ((first >= 0x2460 && first <= 0x2473) || (first >= 0x2160 && first <= 0x217F)) return true;
  static constexpr std::u32string_view kMarks = U"■□◆◇●○◎★☆▼▽▲△◯・•‧▪►▶※【［[〔(（<＜";
  if (kMarks.find(first) != std::u32string_view::npos) return true;
  if (first == U'第' && pos < text.size()) {
    static constexpr std::u32string_view kNumerals = U"0123456789０１２３４５６７８９一二三四五六七八九十";
    size_t after = pos;
    if (kNumerals.find(utf8::Next(text, after)) != std::u32string_view::npos) return true;
  }
  size_t letters = 0;
  while (letters < text.size() && letters < 4 && utf8::IsAsciiAlpha(static_cast<unsigned char>(text[letters]))) ++letters;
  return letters > 0 && letters < text.size() && (text[letters] == '.' || text[letters] == ')');
}

// True for a style name that makes a heading: "heading 1".."heading 9", "title".
bool IsHeadingName(std::string_view lowercase_name) {
  if (lowercase_name == "title") return true;
  return lowercase_name.size() == 9 && lowercase_name.starts_with("heading ") && lowercase_name[8] >= '1' &&
         lowercase_name[8] <= '9';
}

// ---------------------------------------------------------------------------------------------
// The body.

// A line on its way to a page, with the places in it (offsets relative to the line's start).
struct OutLine {
  std::string text;
  std::vector<SourcePlace> places;
  bool page_break_before = false;  // honoured only for a body paragraph's lines
};

// Collects finished lines into pages.
class PageWriter {
 public:
  void Write(OutLine&& line) {
    if (line.page_break_before) Break();
    for (SourcePlace& place : line.places) {
      place.offset += current_.text.size();
      current_.places.push_back(std::move(place));
    }
    current_.text += line.text;
    current_.text += '\n';
    has_lines_ = true;
  }

  void Break() {
    pages_.push_back(std::move(current_));
    current_ = Page(static_cast<int>(pages_.size()) + 1, "");
    has_lines_ = false;
  }

  bool has_lines() const { return has_lines_; }

  // Returns the pages, each without its last line end, without the empty pages at the end (one page
  // stays).
  std::vector<Page> Finish() {
    pages_.push_back(std::move(current_));
    while (pages_.size() > 1 && pages_.back().text.find_first_not_of(" \n") == std::string::npos) pages_.pop_back();
    for (Page& page : pages_) {
      if (page.text.ends_with('\n')) page.text.pop_back();
    }
    return std::move(pages_);
  }

 private:
  std::vector<Page> pages_;
  Page current_{1, ""};
  bool has_lines_ = false;
};

enum class FrameKind : uint8_t { kBody, kParagraph, kTable, kRow, kCell, kTextBox };

// One open structural element. A frame holds the fields of every kind; each kind uses its own.
struct Frame {
  FrameKind kind = FrameKind::kBody;
  size_t depth = 0;  // the element's depth in the XML
  // Paragraph.
  std::vector<OutLine> lines;  // its lines so far (a line break starts another)
  int sink = -1;               // the frame its text goes to (a cell or a text box); -1: the page
  int inner = -1;              // the sink of what opens inside this frame (its own index for a cell
                               // or a text box, else its parent's), so finding one is one step
  FrameKind sink_kind = FrameKind::kBody;
  std::optional<std::string> style;
  std::optional<int> num_id;
  std::optional<int> num_level;
  std::optional<int> outline_level;
  std::optional<bool> page_break_before;
  bool section_break = false;
  // Paragraph (its text boxes' lines) and row (its nested tables' and text boxes' lines).
  std::vector<OutLine> after;
  // Paragraph: its number or anchor; cell: its name and table; text box: its anchor's place.
  SourcePlace place;
  // Table.
  int table_number = 0;
  int rows = 0;
  std::vector<std::string> merged;  // by grid column: the text of the open vertical merge
  // Row: cell texts by grid column, and the next grid column; cell: its first grid column.
  std::vector<std::string> cells;
  int column = 0;
  int row_number = 0;
  // Cell.
  std::vector<std::string> parts;  // its paragraphs' texts
  int span = 1;
  enum class Merge : uint8_t { kNone, kRestart, kContinue } merge = Merge::kNone;
};

// Element tags the reader needs to see as parents.
enum class Tag : uint8_t { kOther, kParagraph, kParagraphProperties, kNumbering, kSection, kRun, kText,
                           kRow, kRowProperties, kCell, kCellProperties, kContentControlProperties };

class BodyReader : public XmlHandler {
 public:
  BodyReader(const Styles& styles, const Numbering& numbering) : styles_(styles), lists_(numbering, styles) {}

  void Start(std::string_view ns, std::string_view name, const std::vector<XmlAttribute>& attributes) override {
    if (!stop.ok()) return;
    Guard([&] { StartElement(ns, name, attributes); });
  }
  void End(std::string_view ns, std::string_view name) override {
    if (!stop.ok()) return;
    Guard([&] { EndElement(ns, name); });
  }
  void Text(std::string_view text) override {
    if (!stop.ok()) return;
    Guard([&] { Characters(text); });
  }

  std::vector<Page> Finish() { return pages_.Finish(); }

 private:
  struct Alternate {
    size_t depth;
    bool taken;
  };
  struct ContentControl {
    size_t depth;
    bool placeholder;
  };

  // Runs f, turning an exception into the stop status: nothing may unwind through expat's C frames.
  template <typename F>
  void Guard(F&& f) {
    try {
      f();
    } catch (const std::bad_alloc&) {
      stop = Status::Error(ErrorKind::kResourceLimit, MemoryLimitMessage());
    } catch (const std::exception& e) {
      stop = Status::Error(ErrorKind::kInternal, std::string("internal error reading a Word document: ") + e.what());
    }
  }

  void Skip(size_t depth) { skip_depth_ = static_cast<long long>(depth); }

  void StartElement(std::string_view ns, std::string_view name, const std::vector<XmlAttribute>& attributes) {
    const size_t depth = tags_.size();
    if (skip_depth_ >= 0) {
      tags_.push_back(Tag::kOther);
      return;
    }
    const Tag parent = tags_.empty() ? Tag::kOther : tags_.back();
    tags_.push_back(Tag::kOther);
    Tag& tag = tags_.back();
    if (ns == kMarkupCompatibilityNs) {
      // Of mc:Choice and mc:Fallback only the first is read: both hold the same text.
      if (name == "AlternateContent") {
        alternates_.push_back({depth, false});
      } else if ((name == "Choice" || name == "Fallback") && !alternates_.empty()) {
        if (alternates_.back().taken) return Skip(depth);
        alternates_.back().taken = true;
      }
      return;
    }
    if (!IsWord(ns)) return;

    // Inside a run.
    if (parent == Tag::kRun) {
      if (name == "t") {
        tag = Tag::kText;
      } else if (name == "tab" || name == "ptab") {
        AppendVisible(CurrentParagraph().sink_kind == FrameKind::kCell ? " " : "  ");
      } else if (name == "br") {
        if (WordAttribute(attributes, "type") == "page") {
          PageBreak();
        } else {
          LineBreak();
        }
      } else if (name == "cr") {
        LineBreak();
      } else if (name == "noBreakHyphen") {
        AppendVisible("-");
      } else if (name == "fldChar") {
        Field(WordAttribute(attributes, "fldCharType"));
      } else if (name == "delText" || name == "instrText" || name == "rPr" || name == "sym") {
        Skip(depth);
      }
      return;
    }
    // Paragraph properties.
    if (parent == Tag::kParagraphProperties) {
      Frame& paragraph = frames_.back();
      if (name == "pStyle") {
        paragraph.style = std::string(WordAttribute(attributes));
      } else if (name == "numPr") {
        tag = Tag::kNumbering;
      } else if (name == "outlineLvl") {
        paragraph.outline_level = IntAttribute(attributes);
      } else if (name == "pageBreakBefore") {
        paragraph.page_break_before = OnOff(attributes);
      } else if (name == "sectPr") {
        tag = Tag::kSection;
        paragraph.section_break = true;  // w:type's default is nextPage
      } else {
        Skip(depth);  // rPr, pPrChange, tabs ...
      }
      return;
    }
    if (parent == Tag::kNumbering) {
      if (name == "numId") frames_.back().num_id = IntAttribute(attributes);
      if (name == "ilvl") frames_.back().num_level = IntAttribute(attributes);
      return Skip(depth);
    }
    if (parent == Tag::kSection) {
      if (name == "type") {
        const std::string_view type = WordAttribute(attributes);
        frames_.back().section_break = type != "continuous" && type != "nextColumn";
      }
      return Skip(depth);
    }
    if (parent == Tag::kRowProperties) {
      if (name == "gridBefore") frames_.back().column = std::clamp(IntAttribute(attributes).value_or(0), 0, kMaxColumns);
      return Skip(depth);
    }
    if (parent == Tag::kCellProperties) {
      Frame& cell = frames_.back();
      if (name == "gridSpan") cell.span = std::clamp(IntAttribute(attributes).value_or(1), 1, kMaxColumns);
      if (name == "vMerge") {
        cell.merge = WordAttribute(attributes) == "restart" ? Frame::Merge::kRestart : Frame::Merge::kContinue;
      }
      return Skip(depth);
    }
    if (parent == Tag::kContentControlProperties) {
      if (name == "showingPlcHdr" && !controls_.empty()) controls_.back().placeholder = OnOff(attributes);
      return Skip(depth);
    }

    if (name == "p") {
      StartParagraph(depth);
      tag = Tag::kParagraph;
    } else if (name == "pPr" && parent == Tag::kParagraph) {
      tag = Tag::kParagraphProperties;
    } else if (name == "r") {
      if (!frames_.empty() && frames_.back().kind == FrameKind::kParagraph) tag = Tag::kRun;
    } else if (name == "tbl") {
      Frame table;
      table.kind = FrameKind::kTable;
      table.depth = depth;
      table.table_number = ++tables_;
      Push(std::move(table));
    } else if (name == "tr") {
      if (frames_.empty() || frames_.back().kind != FrameKind::kTable) return;
      Frame row;
      row.kind = FrameKind::kRow;
      row.depth = depth;
      row.row_number = ++frames_.back().rows;
      Push(std::move(row));
      tag = Tag::kRow;
    } else if (name == "trPr" && parent == Tag::kRow) {
      tag = Tag::kRowProperties;
    } else if (name == "tc") {
      if (frames_.empty() || frames_.back().kind != FrameKind::kRow) return;
      if (!Count()) return;
      const Frame& row = frames_.back();
      Frame cell;
      cell.kind = FrameKind::kCell;
      cell.depth = depth;
      cell.column = row.column;
      cell.place.cell = CellName(row.row_number, row.column + 1);
      cell.place.table = frames_[frames_.size() - 2].table_number;
      Push(std::move(cell));
      tag = Tag::kCell;
    } else if (name == "tcPr" && parent == Tag::kCell) {
      tag = Tag::kCellProperties;
    } else if (name == "txbxContent") {
      StartTextBox(depth);
    } else if (name == "body") {
      Frame body;
      body.kind = FrameKind::kBody;
      body.depth = depth;
      Push(std::move(body));
    } else if (name == "sdt") {
      controls_.push_back({depth, false});
    } else if (name == "sdtPr") {
      tag = Tag::kContentControlProperties;
    } else if (name == "sdtContent") {
      // A content control showing its placeholder ("クリックして入力") has no answer in it.
      if (!controls_.empty() && controls_.back().placeholder) {
        ++placeholders_;
        placeholder_depths_.push_back(depth);
      }
    } else if (name == "del" || name == "moveFrom" || name == "rt" || name == "rPr" || name == "sectPr" ||
               name == "sdtEndPr" || name == "tblPr" || name == "tblGrid" || name.ends_with("Change")) {
      // Deleted text, ruby (furigana) over its base text, properties, tracked property changes.
      Skip(depth);
    }
  }

  void EndElement(std::string_view, std::string_view) {
    if (tags_.empty()) return;
    const size_t depth = tags_.size() - 1;
    tags_.pop_back();
    if (skip_depth_ >= 0) {
      if (static_cast<long long>(depth) == skip_depth_) skip_depth_ = -1;
      return;
    }
    if (!alternates_.empty() && alternates_.back().depth == depth) alternates_.pop_back();
    if (!controls_.empty() && controls_.back().depth == depth) controls_.pop_back();
    if (!placeholder_depths_.empty() && placeholder_depths_.back() == depth) {
      placeholder_depths_.pop_back();
      --placeholders_;
    }
    if (frames_.empty() || frames_.back().depth != depth) return;
    switch (frames_.back().kind) {
      case FrameKind::kParagraph:
        return FinishParagraph();
      case FrameKind::kRow:
        return FinishRow();
      case FrameKind::kCell:
        return FinishCell();
      case FrameKind::kBody:
      case FrameKind::kTable:
      case FrameKind::kTextBox:
        frames_.pop_back();
        return;
    }
  }

  void Characters(std::string_view text) {
    if (skip_depth_ >= 0 || tags_.empty() || tags_.back() != Tag::kText) return;
    AppendVisible(text);
  }

  // Counts a paragraph or a cell against the limit; false (and stop set) past it.
  bool Count() {
    if (++paragraphs_and_cells_ <= kMaxParagraphsAndCells) return true;
    stop = Status::Error(ErrorKind::kResourceLimit, "Word document has more than 1,000,000 paragraphs and table cells");
    return false;
  }

  // Counts text against the limit; false (and stop set) past it.
  bool Charge(size_t bytes) {
    text_bytes_ += bytes;
    if (text_bytes_ <= kMaxTextBytes) return true;
    stop = Status::Error(ErrorKind::kResourceLimit, "Word document holds more than 64 MiB of text");
    return false;
  }

  // Returns the frame whose text a paragraph or table opening inside frame below - 1 goes to: the
  // nearest cell or text box, or -1 for the page.
  int FindSink(size_t below) const { return below == 0 ? -1 : frames_[below - 1].inner; }

  // Opens a frame; false (and stop set) past the nesting limit.
  bool Push(Frame&& frame) {
    if (frames_.size() >= kMaxNesting) {
      stop = Status::Error(ErrorKind::kResourceLimit, "Word document nests tables, text boxes or paragraphs over 256 deep");
      return false;
    }
    const bool own = frame.kind == FrameKind::kCell || frame.kind == FrameKind::kTextBox;
    frame.inner = own ? static_cast<int>(frames_.size()) : frame.kind == FrameKind::kBody ? -1 : FindSink(frames_.size());
    frames_.push_back(std::move(frame));
    return true;
  }

  Frame& CurrentParagraph() { return frames_.back(); }  // a run's parent: always a paragraph frame

  void StartParagraph(size_t depth) {
    if (!Count()) return;
    Frame paragraph;
    paragraph.kind = FrameKind::kParagraph;
    paragraph.depth = depth;
    paragraph.lines.emplace_back();
    paragraph.sink = FindSink(frames_.size());
    if (paragraph.sink < 0) {
      paragraph.sink_kind = FrameKind::kBody;
      paragraph.place.paragraph = ++body_paragraphs_;
    } else {
      const Frame& sink = frames_[static_cast<size_t>(paragraph.sink)];
      paragraph.sink_kind = sink.kind;
      if (sink.kind == FrameKind::kTextBox) paragraph.place = sink.place;
    }
    Push(std::move(paragraph));
  }

  void StartTextBox(size_t depth) {
    // The text box's lines go after the paragraph anchoring it (the run holding the text box is
    // that paragraph's), and carry its place. One outside a paragraph is no box of its own.
    if (frames_.empty() || frames_.back().kind != FrameKind::kParagraph) return;
    const Frame& holder = frames_.back();
    Frame box;
    box.kind = FrameKind::kTextBox;
    box.depth = depth;
    box.sink = static_cast<int>(frames_.size()) - 1;
    box.place = holder.sink_kind == FrameKind::kCell ? frames_[static_cast<size_t>(holder.sink)].place : holder.place;
    Push(std::move(box));
  }

  // Appends text to the current paragraph, unless a field's instruction or a placeholder hides it.
  void AppendVisible(std::string_view text) {
    if (hidden_fields_ > 0 || placeholders_ > 0) return;
    Frame& paragraph = CurrentParagraph();
    const bool in_cell = paragraph.sink_kind == FrameKind::kCell;
    std::string& line = paragraph.lines.back().text;
    const size_t before = line.size();
    for (char c : text) {
      if (c == '\t') {
        line += in_cell ? " " : "  ";
      } else if (c == '\n' || c == '\r') {
        line += ' ';
      } else {
        line += c;
      }
    }
    Charge(line.size() - before);
  }

  void LineBreak() {
    if (hidden_fields_ > 0 || placeholders_ > 0) return;
    Frame& paragraph = CurrentParagraph();
    if (paragraph.sink_kind == FrameKind::kCell) {
      paragraph.lines.back().text += '\n';  // parts two pieces of the cell (FinishCell)
      Charge(1);
    } else {
      paragraph.lines.emplace_back();
    }
  }

  void PageBreak() {
    if (hidden_fields_ > 0 || placeholders_ > 0) return;
    Frame& paragraph = CurrentParagraph();
    if (paragraph.sink_kind != FrameKind::kBody) return LineBreak();
    paragraph.lines.emplace_back();
    paragraph.lines.back().page_break_before = true;
  }

  // Follows a complex field: text between begin and separate is its instruction (hidden), text
  // between separate and end its result (shown). Fields nest.
  void Field(std::string_view type) {
    if (type == "begin") {
      fields_.push_back(true);
      ++hidden_fields_;
    } else if (type == "separate") {
      if (!fields_.empty() && fields_.back()) {
        fields_.back() = false;
        --hidden_fields_;
      }
    } else if (type == "end") {
      if (!fields_.empty()) {
        if (fields_.back()) --hidden_fields_;
        fields_.pop_back();
      }
    }
  }

  // Returns the style a paragraph names, or the default paragraph style; nullptr if none is defined.
  const Style* FindStyle(const std::string& id) const {
    const auto found = styles_.paragraph.find(id);
    return found == styles_.paragraph.end() ? nullptr : &found->second;
  }

  // Walks the paragraph's style and the styles it is based on (at most kMaxBasedOn steps), calling
  // visit(style) until it returns true.
  template <typename F>
  void WalkStyles(const Frame& paragraph, F&& visit) const {
    const Style* style = FindStyle(paragraph.style.value_or(styles_.default_paragraph));
    for (int step = 0; style && step <= kMaxBasedOn; ++step) {
      if (visit(*style)) return;
      if (style->based_on.empty()) return;
      style = FindStyle(style->based_on);
    }
  }

  bool IsHeading(const Frame& paragraph) const {
    if (paragraph.outline_level) return *paragraph.outline_level >= 0 && *paragraph.outline_level < 9;
    bool heading = false;
    WalkStyles(paragraph, [&](const Style& style) {
      if (style.outline_level) {
        heading = *style.outline_level >= 0 && *style.outline_level < 9;
        return true;
      }
      if (IsHeadingName(style.name)) return heading = true;
      return false;
    });
    return heading;
  }

  bool BreaksPageBefore(const Frame& paragraph) const {
    if (paragraph.page_break_before) return *paragraph.page_break_before;
    bool breaks = false;
    WalkStyles(paragraph, [&](const Style& style) {
      if (!style.page_break_before) return false;
      breaks = *style.page_break_before;
      return true;
    });
    return breaks;
  }

  // Returns the list marker of a paragraph ("・", "2. "), advancing its list's counter; "" if none.
  std::string ListMarker(const Frame& paragraph) {
    std::optional<int> num_id = paragraph.num_id;
    std::optional<int> level = paragraph.num_level;
    WalkStyles(paragraph, [&](const Style& style) {
      if (!num_id && style.num_id) num_id = style.num_id;
      if (!level && style.num_level) level = style.num_level;
      return num_id && level;
    });
    if (!num_id || *num_id == 0) return "";
    return lists_.Next(*num_id, level.value_or(0));
  }

  void FinishParagraph() {
    Frame paragraph = std::move(frames_.back());
    frames_.pop_back();
    const std::string marker = ListMarker(paragraph);
    if (paragraph.sink_kind == FrameKind::kCell) {
      // A cell's paragraph: one piece of the cell's text (LineBreak kept it on one line).
      Frame& cell = frames_[static_cast<size_t>(paragraph.sink)];
      std::string text = std::move(paragraph.lines.front().text);
      if (!text.empty() && !marker.empty() && Charge(marker.size())) text.insert(0, marker);
      if (!text.empty()) cell.parts.push_back(std::move(text));
      Frame& row = frames_[static_cast<size_t>(paragraph.sink) - 1];
      for (OutLine& line : paragraph.after) row.after.push_back(std::move(line));
      return;
    }
    bool first = true;
    const bool heading = IsHeading(paragraph);
    for (OutLine& line : paragraph.lines) {
      if (line.text.empty()) continue;
      if (first) {
        first = false;
        std::string prefix = marker;
        if (heading && !StartsWithNumberOrMarker(marker + line.text)) prefix.insert(0, "■ ");
        if (!prefix.empty() && Charge(prefix.size())) line.text.insert(0, prefix);
      }
      SourcePlace place = paragraph.place;
      place.offset = 0;
      line.places.push_back(std::move(place));
    }
    if (paragraph.sink_kind == FrameKind::kTextBox) {
      Frame& holder = frames_[static_cast<size_t>(frames_[static_cast<size_t>(paragraph.sink)].sink)];
      for (OutLine& line : paragraph.lines) {
        line.page_break_before = false;
        holder.after.push_back(std::move(line));
      }
      for (OutLine& line : paragraph.after) holder.after.push_back(std::move(line));
      return;
    }
    // A body paragraph: onto the page. An empty paragraph is a blank line; the empty pieces of one
    // broken by a page or line break are not ("<w:br w:type="page"/>" alone is only a page break).
    if (BreaksPageBefore(paragraph) && pages_.has_lines()) pages_.Break();
    const bool broken = paragraph.lines.size() > 1;
    for (OutLine& line : paragraph.lines) {
      if (broken && line.text.empty()) {
        if (line.page_break_before) pages_.Break();
        continue;
      }
      pages_.Write(std::move(line));
    }
    for (OutLine& line : paragraph.after) pages_.Write(std::move(line));
    if (paragraph.section_break) pages_.Break();
  }

  void FinishCell() {
    Frame cell = std::move(frames_.back());
    frames_.pop_back();
    Frame& row = frames_.back();
    Frame& table = frames_[frames_.size() - 2];
    const auto column = static_cast<size_t>(cell.column);
    // The cell's paragraphs and line breaks part its items or sentences (AppendCellPiece).
    std::string text;
    for (const std::string& part : cell.parts) {
      for (size_t start = 0; start <= part.size();) {
        size_t stop = part.find('\n', start);
        if (stop == std::string::npos) stop = part.size();
        AppendCellPiece(text, std::string_view(part).substr(start, stop - start));
        start = stop + 1;
      }
    }
    if (table.merged.size() <= column) table.merged.resize(column + 1);
    if (cell.merge == Frame::Merge::kContinue) {
      // A continued vertical merge is labelled as the cell starting it.
      text = table.merged[column];
      if (!Charge(text.size())) return;
    } else if (cell.merge == Frame::Merge::kRestart) {
      table.merged[column] = text;
    } else {
      table.merged[column].clear();
    }
    if (cell.column + cell.span > kMaxColumns) {
      stop = Status::Error(ErrorKind::kResourceLimit, "Word table row spans more than 16,384 columns");
      return;
    }
    if (row.cells.size() < column + 1) row.cells.resize(column + 1);
    row.cells[column] = std::move(text);
    row.column = cell.column + cell.span;
  }

  void FinishRow() {
    Frame row = std::move(frames_.back());
    frames_.pop_back();
    const Frame& table = frames_.back();
    while (!row.cells.empty() && row.cells.back().empty()) row.cells.pop_back();
    std::vector<OutLine> lines;
    if (!row.cells.empty()) {
      OutLine line;
      for (size_t c = 0; c < row.cells.size(); ++c) {
        if (c > 0) line.text += '\t';
        if (!row.cells[c].empty()) {
          SourcePlace place;
          place.offset = line.text.size();
          place.cell = CellName(row.row_number, static_cast<int>(c) + 1);
          place.table = table.table_number;
          line.places.push_back(std::move(place));
        }
        line.text += row.cells[c];
      }
      if (!Charge(row.cells.size())) return;  // the tabs
      lines.push_back(std::move(line));
    }
    for (OutLine& line : row.after) lines.push_back(std::move(line));
    Deliver(FindSink(frames_.size() - 1), std::move(lines));
  }

  // Sends a table's lines to where its text goes: the page, after the row of the cell holding the
  // table, or after the paragraph anchoring the text box holding it.
  void Deliver(int sink, std::vector<OutLine>&& lines) {
    if (sink < 0) {
      for (OutLine& line : lines) pages_.Write(std::move(line));
      return;
    }
    const Frame& target = frames_[static_cast<size_t>(sink)];
    Frame& holder = target.kind == FrameKind::kCell ? frames_[static_cast<size_t>(sink) - 1]
                                                    : frames_[static_cast<size_t>(target.sink)];
    for (OutLine& line : lines) holder.after.push_back(std::move(line));
  }

  const Styles& styles_;
  ListCounter lists_;
  PageWriter pages_;
  std::vector<Tag> tags_;  // one per open element
  long long skip_depth_ = -1;
  std::vector<Frame> frames_;
  std::vector<Alternate> alternates_;
  std::vector<ContentControl> controls_;
  std::vector<size_t> placeholder_depths_;
  int placeholders_ = 0;
  std::vector<bool> fields_;  // open complex fields: true while in their instruction
  int hidden_fields_ = 0;
  long long paragraphs_and_cells_ = 0;
  size_t text_bytes_ = 0;
  int body_paragraphs_ = 0;
  int tables_ = 0;
};

// Reads a part that may be missing into handler; a missing part is no error.
Status ParseOptionalPart(ZipArchive& archive, const std::string& part, XmlHandler& handler) {
  if (!archive.Has(part)) return Status::Ok();
  Result<std::string> xml = archive.Read(part);
  if (!xml.ok()) return xml.status();
  return ParseXml(*xml, part, handler);
}

Result<OfficeText> ReadDocxOrThrow(std::string_view bytes) {
  using R = Result<OfficeText>;
  if (bytes.starts_with(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))) {
    return R::Error(ErrorKind::kDamaged,
                    "not a .docx (zip) file but an OLE compound file: a Word 97-2003 document, or one "
                    "encrypted with a password");
  }
  Result<std::unique_ptr<ZipArchive>> opened = ZipArchive::Open(bytes);
  if (!opened.ok()) return opened.status();
  ZipArchive& archive = **opened;

  Result<std::vector<Relationship>> package = ReadRelationships(archive, "_rels/.rels");
  if (!package.ok()) return package.status();
  std::string document = FindTarget(*package, "/officeDocument", "").value_or(std::string(kDefaultDocument));
  if (!archive.Has(document) && archive.Has(kDefaultDocument)) document = kDefaultDocument;
  if (!archive.Has(document)) return R::Error(ErrorKind::kDamaged, "missing part " + document);

  const size_t slash = document.rfind('/');
  const std::string folder = slash == std::string::npos ? "" : document.substr(0, slash + 1);
  const std::string file = slash == std::string::npos ? document : document.substr(slash + 1);
  Result<std::vector<Relationship>> related = ReadRelationships(archive, folder + "_rels/" + file + ".rels");
  if (!related.ok()) return related.status();

  Styles styles;
  StylesHandler styles_handler(styles);
  const std::string styles_part = FindTarget(*related, "/styles", folder).value_or(folder + "styles.xml");
  if (Status status = ParseOptionalPart(archive, styles_part, styles_handler); !status.ok()) return status;
  Numbering numbering;
  NumberingHandler numbering_handler(numbering);
  const std::string numbering_part = FindTarget(*related, "/numbering", folder).value_or(folder + "numbering.xml");
  if (Status status = ParseOptionalPart(archive, numbering_part, numbering_handler); !status.ok()) return status;

  Result<std::string> xml = archive.Read(document);
  if (!xml.ok()) return xml.status();
  BodyReader reader(styles, numbering);
  if (Status status = ParseXml(*xml, document, reader); !status.ok()) return status;
  OfficeText out;
  out.pages = reader.Finish();
  return out;
}

}  // namespace

Result<OfficeText> ReadDocx(std::string_view bytes) {
  try {
    return ReadDocxOrThrow(bytes);
  } catch (const std::bad_alloc&) {
    return Result<OfficeText>::Error(ErrorKind::kResourceLimit, MemoryLimitMessage());
  } catch (const std::exception& e) {
    return Result<OfficeText>::Error(ErrorKind::kInternal,
                                     std::string("internal error reading a Word document: ") + e.what());
  }
}

}  // namespace kensa::text
