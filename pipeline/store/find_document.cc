// FindStoredDocument: a stored document by a path, a file name or a sha256 (prefix), for the
// commands that read the store (review, diff).
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "store/store.h"

namespace kensa {
namespace {

namespace fs = std::filesystem;

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool LooksLikeSha(const std::string& text) {
  return text.size() >= 4 && text.size() <= 64 && text.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

}  // namespace

Result<StoredDocument> FindStoredDocument(Store& store, const std::string& doc) {
  using R = Result<StoredDocument>;
  std::error_code ec;
  const fs::path absolute = fs::absolute(doc, ec);
  const std::string absolute_doc = ec ? doc : absolute.lexically_normal().string();
  const std::string prefix = LooksLikeSha(doc) ? Lower(doc) : "";
  // A bare file name ("whitepaper.pdf") names the one document stored under it, in any folder.
  const bool bare_name = doc.find('/') == std::string::npos;
  std::vector<StoredDocument> matches, by_name;
  DocumentQuery query;
  query.latest_only = true;
  Status status = store.ForEachDocument(query, [&](const StoredDocument& d) {
    std::vector<std::string> paths = d.paths;
    paths.push_back(d.path);
    const bool by_path = std::any_of(paths.begin(), paths.end(), [&](const std::string& p) {
      return p == doc || p == absolute_doc;
    });
    if (by_path || (!prefix.empty() && d.sha256.starts_with(prefix))) {
      matches.push_back(d);
    } else if (bare_name && std::any_of(paths.begin(), paths.end(), [&](const std::string& p) {
                 return fs::path(p).filename() == doc;
               })) {
      by_name.push_back(d);
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  if (matches.empty() && by_name.size() > 1) {
    std::string which;
    for (const StoredDocument& m : by_name) which += (which.empty() ? "" : ", ") + m.path;
    return R::Error(ErrorKind::kUsage, doc + ": " + std::to_string(by_name.size()) +
                                           " stored documents have this name (" + which + "); give the path or a sha256");
  }
  if (matches.empty()) matches = std::move(by_name);
  if (matches.empty() && !doc.empty() && doc.size() < 4 &&
      doc.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos)
    return R::Error(ErrorKind::kUsage, doc + ": a sha256 prefix needs at least 4 hex digits");
  if (matches.empty())
    return R::Error(ErrorKind::kUsage,
                    doc + ": no such document in the store (give a stored path, its file name or a sha256)");
  if (matches.size() > 1) {
    std::string which;
    for (const StoredDocument& m : matches) which += (which.empty() ? "" : ", ") + m.sha256.substr(0, 12);
    return R::Error(ErrorKind::kUsage, doc + ": " + std::to_string(matches.size()) +
                                           " stored documents match (sha256 " + which + "); give more of the sha256");
  }
  return matches.front();
}

}  // namespace kensa
