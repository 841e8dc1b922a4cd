// Status and Result<T>: how every kensa stage reports failure.
//
// Like RE2 and LevelDB, kensa never throws across a stage boundary: a function that can fail returns
// a Status (no value) or a Result<T> (a value or an error). Success costs one enum compare. Each error
// kind maps to one documented process exit code (ExitCodeFor), so the CLI needs no per-site logic.
// Thread-safe: these are plain values.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace kensa {

// What went wrong, coarse enough to pick an exit code and fine enough for a user to act on.
enum class ErrorKind {
  kUsage,           // bad command line
  kNotFound,        // path does not exist (or is a broken symlink)
  kNotRegularFile,  // a directory, device, fifo ...
  kEmpty,           // zero-byte file, or a PDF with zero pages
  kNotPdf,          // not a PDF and not a supported text file (or undecodable text)
  kEncrypted,       // needs a user password
  kDamaged,         // a PDF poppler cannot open
  kUnsupportedFormat,  // a format kensa knows but does not read (legacy .xls/.doc, OpenDocument)
  kDamagedOffice,   // an xlsx, docx (or their zip) that cannot be read: truncated, malformed XML …
  kConfig,          // patterns/ or dictionaries/ invalid (names file and line)
  kResourceLimit,   // a CPU, memory or wall-clock limit was hit
  kStore,           // the ingest store cannot be opened, read or written
  kInternal,        // a bug in kensa
};

// Returns the process exit code documented in the README for an error kind.
int ExitCodeFor(ErrorKind kind);

class Status {
 public:
  Status() = default;  // OK
  static Status Ok() { return Status(); }
  static Status Error(ErrorKind kind, std::string message) { return Status(kind, std::move(message)); }

  bool ok() const { return !error_; }
  ErrorKind kind() const { return kind_; }
  // One line, no trailing newline, meant for stderr after the file name.
  const std::string& message() const { return message_; }

 private:
  Status(ErrorKind kind, std::string message) : error_(true), kind_(kind), message_(std::move(message)) {}
  bool error_ = false;
  ErrorKind kind_ = ErrorKind::kInternal;
  std::string message_;
};

// The one way every command reports a failure: prints "kensa: WHERE: MESSAGE" (or "kensa: MESSAGE"
// when `where` is empty: the message names its file) as one line on err and returns the status's
// exit code (ExitCodeFor).
int ReportError(std::ostream& err, std::string_view where, const Status& status);
// A warning, the same way: "kensa: WHERE: warning [CODE]: MESSAGE".
void ReportWarning(std::ostream& err, std::string_view where, std::string_view code, std::string_view message);

// A value or the Status that says why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}                  // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {}           // NOLINT: must not be OK
  static Result Error(ErrorKind kind, std::string message) { return Result(Status::Error(kind, std::move(message))); }

  bool ok() const { return std::holds_alternative<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  // The error; an OK Status when the Result holds a value.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(state_); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace kensa
