// Whole-file reading and writing, with gzip transparently for names ending in ".gz".
// Errors throw core::Error naming the file and what to do. Safe from any thread.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace core {

std::string read_file(const std::filesystem::path& path);
// Writes via a temporary file and rename, so readers never see a half-written file.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

}  // namespace core
