// `kensa service list|set|reset`: the services of a store (the products the stored documents are
// about) with their versions, and a reviewer's correction of the service a document belongs to.
//
// list: each service by name with who named it and its versions, oldest first (store.h,
// ServiceVersions: by the date the document states for itself, then by ingestion), each version
// with its date, path and what changed since the version before it; then how many documents have no
// service. set DOC NAME: DOC (a stored path, file name or sha256, as review --db takes it) belongs to
// NAME from now on, whatever ingest finds when it reads DOC again. reset DOC: the correction is
// removed, and what ingest found stands again.
// Thread-safety: RunService reads (and for set/reset writes) the store and writes the streams it is given.
#pragma once

#include <ostream>
#include <string>

namespace kensa {

struct ServiceOptions {
  std::string action;    // "list", "set" or "reset"
  std::string db = "kensa.db";
  std::string document;  // set, reset: the stored document
  std::string name;      // set: the service it belongs to
};

// Returns 0, 2 for a DOC the store does not hold (or several it could be), 30 when the store cannot
// be opened, read or written.
int RunService(const ServiceOptions& options, std::ostream& out, std::ostream& err);

}  // namespace kensa
