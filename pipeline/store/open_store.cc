// OpenStore: the store a --db names, a SQLite file or a PostgreSQL URL; StoreName for messages.
#include <string>

#include "store/store.h"

namespace kensa {

bool IsPostgresUrl(std::string_view where) { return where.starts_with("postgresql://") || where.starts_with("postgres://"); }

std::string StoreName(std::string_view where) {
  std::string name(where);
  if (!IsPostgresUrl(where)) return name;
  // postgresql://user:secret@host/db -> postgresql://user@host/db
  const size_t authority = name.find("://") + 3;
  const size_t at = name.find('@', authority);
  const size_t slash = name.find('/', authority);
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
    const size_t colon = name.find(':', authority);
    if (colon != std::string::npos && colon < at) name.erase(colon, at - colon);
  }
  // …?password=secret&sslmode=require -> …?sslmode=require
  for (size_t p; (p = name.find("password=")) != std::string::npos;) {
    if (p == 0 || (name[p - 1] != '?' && name[p - 1] != '&')) break;
    const size_t end = name.find('&', p);
    name.erase(p, end == std::string::npos ? std::string::npos : end + 1 - p);
  }
  while (!name.empty() && (name.back() == '?' || name.back() == '&')) name.pop_back();
  return name;
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& where, const StoreOptions& options) {
  return IsPostgresUrl(where) ? OpenPostgresStore(where, options) : OpenSqliteStore(where, options);
}

}  // namespace kensa
