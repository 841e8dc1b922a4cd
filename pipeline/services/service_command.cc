#include "services/service_command.h"

#include "common/status.h"
#include "diff/version_diff.h"
#include "identity/service_identity.h"
#include "store/store.h"

namespace kensa {
namespace {

// Who named a service, as a reviewer reads it.
const char* NamedBy(const std::string& from) {
  if (from == "document") return "as the document states it";
  if (from == "option") return "given with ingest --service";
  if (from == "folder") return "the folder it sits in";
  if (from == "reviewer") return "corrected by a reviewer";
  return "unnamed";
}

Status List(Store& store, std::ostream& out) {
  auto histories = ServiceHistories(store);
  if (!histories.ok()) return histories.status();
  for (const ServiceHistory& history : *histories) {
    const size_t n = history.versions.size();
    out << history.name << "  (" << n << (n == 1 ? " version" : " versions") << "; "
        << NamedBy(history.versions.back().service_from) << ")\n";
    for (size_t i = 0; i < n; ++i) {
      const StoredDocument& v = history.versions[i];
      out << "  " << (v.document_date.empty() ? "undated   " : v.document_date) << "  " << v.path << "  sha256 "
          << v.sha256.substr(0, 12);
      if (i > 0) {
        auto diff = DiffStored(history.versions[i - 1], v);
        if (!diff.ok()) return diff.status();
        const std::string summary = ChangeSummary(*diff);
        out << "  " << (summary.empty() ? "no answer changed" : "changed: " + summary);
      }
      out << "\n";
    }
  }
  int unnamed = 0;
  DocumentQuery query;
  query.status = DocumentStatus::kOk;
  query.with_findings = false;
  Status status = store.ForEachDocument(query, [&](const StoredDocument& d) {
    unnamed += d.service_key.empty();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  if (unnamed > 0)
    out << unnamed << (unnamed == 1 ? " document names" : " documents name")
        << " no service (kensa service set DOC NAME names one)\n";
  if (histories->empty() && unnamed == 0) out << "no document stored\n";
  return Status::Ok();
}

Status Correct(Store& store, const ServiceOptions& options, std::ostream& out) {
  auto document = FindStoredDocument(store, options.document);
  if (!document.ok()) return document.status();
  if (options.action == "set") {
    const std::string key = ServiceKey(options.name);
    if (key.empty()) return Status::Error(ErrorKind::kUsage, "service: the name \"" + options.name + "\" has no letters");
    if (Status s = store.SetService(document->sha256, options.name, key); !s.ok()) return s;
    out << document->path << ": service " << options.name << " (was " << (document->service.empty() ? "none" : document->service)
        << ")\n";
  } else {
    if (Status s = store.SetService(document->sha256, "", ""); !s.ok()) return s;
    auto again = FindStoredDocument(store, document->sha256);
    if (!again.ok()) return again.status();
    out << document->path << ": service " << (again->service.empty() ? "none" : again->service) << " ("
        << NamedBy(again->service_from) << ")\n";
  }
  return Status::Ok();
}

}  // namespace

int RunService(const ServiceOptions& options, std::ostream& out, std::ostream& err) {
  StoreOptions store_options;
  store_options.create = false;
  auto store = OpenStore(options.db, store_options);
  if (!store.ok()) return ReportError(err, "service", store.status());
  Status status = options.action == "list" ? List(**store, out) : Correct(**store, options, out);
  if (!status.ok()) return ReportError(err, "service", status);
  out.flush();
  return 0;
}

}  // namespace kensa
