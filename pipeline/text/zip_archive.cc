// ZipArchive on libzip: the archive is opened from a buffer source (no file, no copy), each part is
// inflated through zip_fread in pieces so that the limit is checked on the bytes that really come out.
#include "text/zip_archive.h"

#include <zip.h>

#include <algorithm>

namespace kensa::text {

struct ZipArchive::Impl {
  zip_t* zip = nullptr;
  ~Impl() {
    if (zip) zip_discard(zip);  // read-only: nothing to write back
  }
};

namespace {

std::string LibzipError(zip_error_t* error) { return zip_error_strerror(error); }

// True for "../x", "a/../../x", "/etc/x", "C:\x" and backslash forms of them.
bool EscapesArchive(std::string_view name) {
  if (name.starts_with('/') || name.starts_with('\\')) return true;
  if (name.size() >= 2 && name[1] == ':') return true;
  size_t start = 0;
  while (start <= name.size()) {
    size_t stop = name.find_first_of("/\\", start);
    if (stop == std::string_view::npos) stop = name.size();
    if (name.substr(start, stop - start) == "..") return true;
    start = stop + 1;
  }
  return false;
}

std::string MiB(long long bytes) { return std::to_string(bytes >> 20) + " MiB"; }

}  // namespace

std::string ResolvePartTarget(std::string_view folder, std::string_view target) {
  const std::string path = target.starts_with('/') ? std::string(target.substr(1)) : std::string(folder) + std::string(target);
  std::vector<std::string> segments;
  for (size_t start = 0; start <= path.size();) {
    size_t stop = path.find('/', start);
    if (stop == std::string::npos) stop = path.size();
    const std::string segment = path.substr(start, stop - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = stop + 1;
  }
  std::string resolved;
  for (const std::string& segment : segments) {
    if (!resolved.empty()) resolved += '/';
    resolved += segment;
  }
  return resolved;
}

bool LooksLikeZip(std::string_view bytes) {
  return bytes.starts_with(std::string_view("PK\x03\x04", 4)) || bytes.starts_with(std::string_view("PK\x05\x06", 4));
}

ZipArchive::ZipArchive(std::unique_ptr<Impl> impl, std::vector<std::string> names, const ZipLimits& limits)
    : impl_(std::move(impl)), names_(std::move(names)), limits_(limits) {}

ZipArchive::~ZipArchive() = default;

Result<std::unique_ptr<ZipArchive>> ZipArchive::Open(std::string_view bytes, const ZipLimits& limits) {
  using R = Result<std::unique_ptr<ZipArchive>>;
  if (!LooksLikeZip(bytes)) return R::Error(ErrorKind::kDamaged, "not a zip archive");
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) {
    std::string reason = LibzipError(&error);
    zip_error_fini(&error);
    return R::Error(ErrorKind::kDamaged, "cannot read zip archive (" + reason + ")");
  }
  auto impl = std::make_unique<Impl>();
  impl->zip = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (!impl->zip) {
    zip_source_free(source);
    std::string reason = LibzipError(&error);
    zip_error_fini(&error);
    return R::Error(ErrorKind::kDamaged, "truncated or damaged zip archive (" + reason + ")");
  }
  zip_error_fini(&error);
  const zip_int64_t count = zip_get_num_entries(impl->zip, 0);
  if (count > limits.max_entries) {
    return R::Error(ErrorKind::kResourceLimit, "zip archive holds " + std::to_string(count) +
                                                   " entries, over the limit of " + std::to_string(limits.max_entries));
  }
  std::vector<std::string> names;
  names.reserve(static_cast<size_t>(std::max<zip_int64_t>(count, 0)));
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* name = zip_get_name(impl->zip, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
    if (!name) return R::Error(ErrorKind::kDamaged, "truncated or damaged zip archive (unreadable entry name)");
    if (EscapesArchive(name)) return R::Error(ErrorKind::kDamaged, std::string("zip entry name escapes the archive: ") + name);
    names.emplace_back(name);
  }
  return std::unique_ptr<ZipArchive>(new ZipArchive(std::move(impl), std::move(names), limits));
}

bool ZipArchive::Has(std::string_view name) const {
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

Result<std::string> ZipArchive::Read(std::string_view name) {
  using R = Result<std::string>;
  const auto found = std::find(names_.begin(), names_.end(), name);
  if (found == names_.end()) return R::Error(ErrorKind::kDamaged, "missing part " + std::string(name));
  const auto index = static_cast<zip_uint64_t>(found - names_.begin());
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(impl_->zip, index, 0, &stat) == 0 && (stat.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
      stat.encryption_method != ZIP_EM_NONE) {
    return R::Error(ErrorKind::kEncrypted, "password-protected zip part " + std::string(name));
  }
  zip_file_t* file = zip_fopen_index(impl_->zip, index, 0);
  if (!file) {
    return R::Error(ErrorKind::kDamaged, "cannot open zip part " + std::string(name) + " (" +
                                             LibzipError(zip_get_error(impl_->zip)) + ")");
  }
  std::string out;
  char buffer[1 << 16];
  for (;;) {
    const zip_int64_t got = zip_fread(file, buffer, sizeof buffer);
    if (got < 0) {
      std::string reason = LibzipError(zip_file_get_error(file));
      zip_fclose(file);
      return R::Error(ErrorKind::kDamaged, "cannot inflate zip part " + std::string(name) + " (" + reason + ")");
    }
    if (got == 0) break;
    out.append(buffer, static_cast<size_t>(got));
    bytes_read_ += got;
    if (static_cast<long long>(out.size()) > limits_.max_part_bytes) {
      zip_fclose(file);
      return R::Error(ErrorKind::kResourceLimit,
                      "zip part " + std::string(name) + " inflates past " + MiB(limits_.max_part_bytes));
    }
    if (bytes_read_ > limits_.max_total_bytes) {
      zip_fclose(file);
      return R::Error(ErrorKind::kResourceLimit,
                      "zip archive inflates past " + MiB(limits_.max_total_bytes) + " (at part " + std::string(name) + ")");
    }
  }
  zip_fclose(file);
  return out;
}

}  // namespace kensa::text
