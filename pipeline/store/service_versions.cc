// The versions of a service, in the order a reviewer reads them: ServiceVersions, ServiceHistories.
// Built on ForEachDocument alone, so that every Store (the embedded one, a shared server) orders
// versions the same way.
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "store/store.h"

namespace kensa {
namespace {

// The day a version is dated by: the one it states for itself, else the day it was ingested
// ("2026-11-22T10:04:05Z" -> "2026-11-22"), so that an undated re-issue ingested later comes later.
std::string VersionDay(const StoredDocument& d) {
  return d.document_date.empty() ? d.ingested_at.substr(0, 10) : d.document_date;
}

Status CollectVersions(Store& store, bool with_findings, std::string_view key,
                       const std::function<bool(const StoredDocument&)>& wanted, std::vector<StoredDocument>& out) {
  DocumentQuery query;
  query.latest_only = true;
  query.status = DocumentStatus::kOk;
  query.with_findings = with_findings;
  query.service_key = key;
  return store.ForEachDocument(query, [&](const StoredDocument& d) {
    if (!d.service_key.empty() && wanted(d)) out.push_back(d);
    return Status::Ok();
  });
}

}  // namespace

bool VersionBefore(const StoredDocument& a, const StoredDocument& b) {
  return std::make_tuple(VersionDay(a), a.ingested_at, a.id) < std::make_tuple(VersionDay(b), b.ingested_at, b.id);
}

Result<std::vector<StoredDocument>> ServiceVersions(Store& store, std::string_view key, bool with_findings) {
  std::vector<StoredDocument> versions;
  if (key.empty()) return versions;
  Status status = CollectVersions(store, with_findings, key, [&](const StoredDocument& d) { return d.service_key == key; }, versions);
  if (!status.ok()) return status;
  std::stable_sort(versions.begin(), versions.end(), VersionBefore);
  return versions;
}

Result<std::vector<ServiceHistory>> ServiceHistories(Store& store, bool with_findings) {
  std::vector<StoredDocument> documents;
  Status status = CollectVersions(store, with_findings, "", [](const StoredDocument&) { return true; }, documents);
  if (!status.ok()) return status;
  std::map<std::string, ServiceHistory> by_key;
  for (StoredDocument& d : documents) {
    ServiceHistory& history = by_key[d.service_key];
    history.key = d.service_key;
    history.versions.push_back(std::move(d));
  }
  std::vector<ServiceHistory> histories;
  for (auto& [key, history] : by_key) {
    std::stable_sort(history.versions.begin(), history.versions.end(), VersionBefore);
    history.name = history.versions.back().service;
    histories.push_back(std::move(history));
  }
  std::sort(histories.begin(), histories.end(),
            [](const ServiceHistory& a, const ServiceHistory& b) { return std::tie(a.name, a.key) < std::tie(b.name, b.key); });
  return histories;
}

}  // namespace kensa
