// SHA-256 (FIPS 180-4) from OpenSSL's libcrypto, through its EVP digest interface: kensa
// fingerprints every input file with it. The one file of kensa that includes an OpenSSL header.
// Thread-safe: each call has its own digest context.
#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "text/document_reader.h"

namespace kensa {
namespace {

struct ContextFreer {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

// One digest being computed: Update with the bytes in order, then Hex. The EVP calls fail only when
// memory runs out (or libcrypto is broken), which an input file cannot cause: they abort then.
class Sha256Digest {
 public:
  Sha256Digest() : context_(EVP_MD_CTX_new()) {
    if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1) Fail();
  }
  void Update(const void* data, size_t size) {
    if (EVP_DigestUpdate(context_.get(), data, size) != 1) Fail();
  }
  std::string Hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(context_.get(), digest, &size) != 1) Fail();
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * size);
    for (unsigned int i = 0; i < size; ++i) {
      hex += kHex[digest[i] >> 4];
      hex += kHex[digest[i] & 0xF];
    }
    return hex;
  }

 private:
  [[noreturn]] static void Fail() { throw std::bad_alloc(); }
  std::unique_ptr<EVP_MD_CTX, ContextFreer> context_;
};

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  Sha256Digest digest;
  digest.Update(bytes.data(), bytes.size());
  return digest.Hex();
}

Result<FileDigest> Sha256OfFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Result<FileDigest>::Error(ErrorKind::kNotFound, std::string("cannot open (") + std::strerror(errno) + ")");
  Sha256Digest digest;
  FileDigest out;
  std::vector<char> buffer(1 << 20);
  for (;;) {
    const ssize_t count = ::read(fd, buffer.data(), buffer.size());
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) {
      const int error = errno;
      ::close(fd);
      return Result<FileDigest>::Error(ErrorKind::kNotFound, std::string("cannot read (") + std::strerror(error) + ")");
    }
    if (count == 0) break;
    digest.Update(buffer.data(), static_cast<size_t>(count));
    out.size += count;
  }
  ::close(fd);
  out.sha256 = digest.Hex();
  return out;
}

}  // namespace kensa
