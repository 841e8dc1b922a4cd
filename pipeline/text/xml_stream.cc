// ParseXml on expat with namespace processing: expat reports "URI\x1Flocal" names, split here.
#include "text/xml_stream.h"

#include <expat.h>

#include <algorithm>
#include <memory>
#include <string>
#include <type_traits>

namespace kensa::text {
namespace {

constexpr char kSeparator = '\x1F';  // cannot appear in a URI or a name

std::pair<std::string_view, std::string_view> SplitName(const XML_Char* name) {
  std::string_view full(name);
  const size_t cut = full.rfind(kSeparator);
  if (cut == std::string_view::npos) return {{}, full};
  return {full.substr(0, cut), full.substr(cut + 1)};
}

struct Context {
  XML_Parser parser;
  XmlHandler* handler;
  std::vector<XmlAttribute> attributes;
  bool doctype = false;
};

void StopWith(Context& context) { XML_StopParser(context.parser, XML_FALSE); }

void OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
  auto& context = *static_cast<Context*>(data);
  context.attributes.clear();
  for (const XML_Char** a = attributes; *a; a += 2) {
    auto [ns, local] = SplitName(a[0]);
    context.attributes.push_back({ns, local, a[1]});
  }
  auto [ns, local] = SplitName(name);
  context.handler->Start(ns, local, context.attributes);
  if (!context.handler->stop.ok()) StopWith(context);
}

void OnEnd(void* data, const XML_Char* name) {
  auto& context = *static_cast<Context*>(data);
  auto [ns, local] = SplitName(name);
  context.handler->End(ns, local);
  if (!context.handler->stop.ok()) StopWith(context);
}

void OnText(void* data, const XML_Char* text, int length) {
  auto& context = *static_cast<Context*>(data);
  context.handler->Text(std::string_view(text, static_cast<size_t>(length)));
  if (!context.handler->stop.ok()) StopWith(context);
}

void OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto& context = *static_cast<Context*>(data);
  context.doctype = true;
  StopWith(context);
}

struct ParserFree {
  void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};

}  // namespace

std::string_view AttributeValue(const std::vector<XmlAttribute>& attributes, std::string_view ns, std::string_view name) {
  for (const XmlAttribute& a : attributes) {
    if (a.name == name && a.ns == ns) return a.value;
  }
  return {};
}

Status ParseXml(std::string_view xml, std::string_view part, XmlHandler& handler) {
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserFree> parser(XML_ParserCreateNS("UTF-8", kSeparator));
  if (!parser) return Status::Error(ErrorKind::kResourceLimit, "cannot create an XML parser (out of memory)");
  Context context{parser.get(), &handler, {}, false};
  XML_SetUserData(parser.get(), &context);
  XML_SetElementHandler(parser.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser.get(), OnText);
  XML_SetStartDoctypeDeclHandler(parser.get(), OnDoctype);
  // Never read an external entity or DTD, should one get past the DOCTYPE check.
  XML_SetParamEntityParsing(parser.get(), XML_PARAM_ENTITY_PARSING_NEVER);
  handler.stop = Status::Ok();
  // Fed in pieces: XML_Parse takes an int length.
  constexpr size_t kPiece = 1 << 24;
  size_t at = 0;
  do {
    const size_t length = std::min(kPiece, xml.size() - at);
    const bool last = at + length == xml.size();
    if (XML_Parse(parser.get(), xml.data() + at, static_cast<int>(length), last) == XML_STATUS_ERROR) {
      if (context.doctype) {
        return Status::Error(ErrorKind::kDamaged,
                             "XML in " + std::string(part) + " declares a DTD (<!DOCTYPE>), which Office files never do");
      }
      if (!handler.stop.ok()) return handler.stop;
      return Status::Error(ErrorKind::kDamaged, "malformed XML in " + std::string(part) + " at line " +
                                                    std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
                                                    XML_ErrorString(XML_GetErrorCode(parser.get())));
    }
    at += length;
  } while (at < xml.size());
  return Status::Ok();
}

}  // namespace kensa::text
