#include "core/file.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.h"

namespace core {
namespace {

bool ends_with_gz(const std::filesystem::path& p) {
  return p.extension() == ".gz";
}

std::string read_gzip(const std::filesystem::path& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f)
    throw Error(path.string() + ": cannot open: " + std::strerror(errno) +
                "; check that the file exists and is readable");
  std::string out;
  char buf[1 << 16];
  while (true) {
    const int n = gzread(f, buf, sizeof buf);
    if (n < 0) {
      int errnum = 0;
      std::string msg = gzerror(f, &errnum);
      gzclose(f);
      throw Error(path.string() + ": not a valid gzip file (" + msg +
                  "); re-copy or decompress it");
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  int errnum = Z_OK;
  const std::string msg = gzerror(f, &errnum);
  gzclose(f);
  if (errnum != Z_OK)  // e.g. Z_BUF_ERROR: the file ends in the middle of the stream
    throw Error(path.string() + ": the gzip data is cut short or damaged (" + msg +
                "); copy the file again");
  return out;
}

}  // namespace

std::string read_file(const std::filesystem::path& path) {
  if (ends_with_gz(path)) return read_gzip(path);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(path.string() + ": cannot open: " + std::strerror(errno) +
                "; check that the file exists and is readable");
  // Straight into a string of the file's size: a stream buffer would hold it twice over.
  std::string out;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec) out.reserve(static_cast<std::size_t>(size));
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) out.append(buf, std::size_t(in.gcount()));
  if (in.bad()) {
    throw Error(path.string() + ": read failed: " + std::strerror(errno) +
                "; check the disk and the file");
  }
  return out;
}

void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  auto tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out)
      throw Error(tmp.string() + ": cannot create: " + std::strerror(errno) +
                  "; check that the directory exists and is writable");
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw Error(tmp.string() + ": write failed (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw Error(path.string() + ": cannot rename into place: " + ec.message());
}

}  // namespace core
