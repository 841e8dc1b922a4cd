#include "common/status.h"

namespace kensa {

int ExitCodeFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage: return 2;
    case ErrorKind::kNotFound: return 10;
    case ErrorKind::kNotRegularFile: return 11;
    case ErrorKind::kEmpty: return 12;
    case ErrorKind::kNotPdf: return 13;
    case ErrorKind::kEncrypted: return 14;
    case ErrorKind::kDamaged: return 15;
    case ErrorKind::kUnsupportedFormat: return 16;
    case ErrorKind::kDamagedOffice: return 17;
    case ErrorKind::kConfig: return 20;
    case ErrorKind::kResourceLimit: return 21;
    case ErrorKind::kStore: return 30;
    case ErrorKind::kInternal: return 70;
  }
  return 70;
}

int ReportError(std::ostream& err, std::string_view where, const Status& status) {
  err << "kensa: " << where << (where.empty() ? "" : ": ") << status.message() << "\n";
  return ExitCodeFor(status.kind());
}

void ReportWarning(std::ostream& err, std::string_view where, std::string_view code, std::string_view message) {
  err << "kensa: " << where << ": warning [" << code << "]: " << message << "\n";
}

}  // namespace kensa
