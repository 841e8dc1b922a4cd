// Internal to the text stage: the parts of an Office Open XML file (a zip archive), read with libzip
// from memory, under limits that a hostile archive cannot talk its way past.
//
// A zip states each part's inflated size in its own headers, and a zip bomb lies there; so Read
// counts the bytes as they inflate and stops at the limit, whatever the header says. Nothing is ever
// written to disk, so a part named "../x" could do no harm here, but no Office program writes one:
// an archive holding such a name (or an absolute one) is refused as damaged, as a truncated archive
// or one failing its checksums is.
// Thread-safety: a ZipArchive is used by one thread at a time; separate archives are independent.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kensa::text {

// What an archive may cost. The defaults hold the largest real workbooks by far (a 100,000-row sheet
// is ~20 MiB of XML) and keep a bomb's memory bounded.
struct ZipLimits {
  long long max_part_bytes = 256LL << 20;    // one part, inflated
  long long max_total_bytes = 1024LL << 20;  // all parts read from one archive, inflated
  long long max_entries = 100000;            // names in the central directory
};

class ZipArchive {
 public:
  // Opens the archive in bytes, which must outlive the ZipArchive. Fails with kDamaged ("not a zip
  // archive", "truncated or damaged zip archive (REASON)", "zip entry name escapes the archive:
  // NAME"), kEncrypted (a part encrypted with a zip password) or kResourceLimit (too many entries).
  static Result<std::unique_ptr<ZipArchive>> Open(std::string_view bytes, const ZipLimits& limits = {});
  ~ZipArchive();

  // True if the archive holds a part of exactly this name ("xl/workbook.xml").
  bool Has(std::string_view name) const;
  // Every part's name, in the central directory's order.
  const std::vector<std::string>& names() const { return names_; }

  // Returns the part's inflated bytes. Fails with kDamaged ("missing part NAME", or inflating failed:
  // a bad checksum, a truncated stream), kEncrypted, or kResourceLimit when the part inflates past
  // max_part_bytes or all parts read so far past max_total_bytes ("zip part NAME inflates past N
  // MiB").
  Result<std::string> Read(std::string_view name);

  struct Impl;

 private:
  ZipArchive(std::unique_ptr<Impl> impl, std::vector<std::string> names, const ZipLimits& limits);
  std::unique_ptr<Impl> impl_;
  std::vector<std::string> names_;
  ZipLimits limits_;
  long long bytes_read_ = 0;
};

// Returns the part a relationship's target names (Office Open XML packaging): an absolute target
// ("/xl/worksheets/sheet1.xml") from the package's root, a relative one ("worksheets/sheet1.xml",
// "../x") from `folder`, the folder of the part that holds the relationship ("xl/"); "." and ".."
// segments are walked, never above the root.
std::string ResolvePartTarget(std::string_view folder, std::string_view target);

// True if bytes start like a zip archive (a local file header, or the end record of an empty one).
bool LooksLikeZip(std::string_view bytes);

}  // namespace kensa::text
