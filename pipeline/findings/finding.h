// What kensa answers: a Finding is one value of one checklist field with its evidence (page, quote,
// rule), an Extraction is one document's findings. Every stage after the rules reads these (output,
// store, regress, review) without knowing how they were found.
#pragma once

#include <string>
#include <vector>

#include "values/value.h"

namespace kensa {

// Where a value stands in a spreadsheet, a Word file or a CSV, beside its page: the sheet's name and
// the cell ("E12"), or the Word table's number and its cell, or the Word paragraph's number. Empty
// for PDF and text, whose page and quote say it all.
struct SourceLocation {
  std::string sheet;
  std::string cell;
  int table = 0;
  int paragraph = 0;
  bool empty() const { return sheet.empty() && cell.empty() && table == 0 && paragraph == 0; }
  bool operator==(const SourceLocation&) const = default;
};

struct Finding {
  std::string field;
  Value value;
  std::string condition;
  int page = 0;
  std::string quote;         // the passage, cut to at most ~200 characters around the match
  std::string rule;          // rule id
  size_t begin = 0;          // offsets of the passage the finding came from in NormalizedText
  size_t end = 0;
  bool fallback = false;
  // The case the value is for, in the passage's own words (rules/case_finder.h): the extractor
  // makes it the condition when the field has several values and the rule named none.
  std::string derived_condition;
  // The value's own words when they name it without a number ("日次", "月次"): what tells two values
  // apart when the passage gives both the same case ("日次で35日分、月次で1年分").
  std::string value_words;
  bool approx = false;  // stated as approximate ("約4時間", "4時間程度"): the output's "approx": true
  // The words the value was read from and where they start in the passage's text: what finds the
  // value's cell in a spreadsheet (`location`, set by the extractor).
  std::string matched;
  size_t matched_at = 0;
  SourceLocation location;
  // Read by OCR from the page's picture, with the mean confidence (0-100) of the words of its passage.
  bool ocr = false;
  float ocr_confidence = -1;
};

// How a document's pages were read: which by OCR from their pictures, and which could not be read
// at all, with why (the codes of text/document_reader.h: no_text_layer, garbled_text, ocr_failed,
// ocr_no_text, ocr_low_confidence, ocr_time_limit). What a field "not stated" means depends on it: on an unreadable
// page the document may state anything.
struct UnreadablePage {
  int page = 0;
  std::string reason;
  bool operator==(const UnreadablePage&) const = default;
};

struct Reading {
  // "read" (every page with something on it was read), "partly_unreadable" or "unreadable" (no
  // page could be read).
  std::string status = "read";
  std::vector<int> ocr_pages;
  std::vector<UnreadablePage> unreadable_pages;
  bool operator==(const Reading&) const = default;
};

// Which service (the product a vendor offers) a document is about and who offers it, as the document
// states them, with where it says so (identity/service_identity.h: how is "label", "definition",
// "quoted", "title", "subject" or "vendor"). Empty when the document names neither.
struct ServiceStatement {
  std::string service;  // "ヤマビコ勤怠"
  std::string vendor;   // "株式会社ヤマビコソフト"
  int page = 0;
  std::string quote;
  std::string how;
  bool empty() const { return service.empty() && vendor.empty(); }
  bool operator==(const ServiceStatement&) const = default;
};

struct Extraction {
  std::string path;
  std::string sha256;
  long long size = 0;
  int pages = 0;
  std::string rules_version;
  std::vector<Finding> findings;  // in catalogue order, then document order
  std::vector<std::string> warnings;
  Reading reading;
  ServiceStatement service;
};

}  // namespace kensa
