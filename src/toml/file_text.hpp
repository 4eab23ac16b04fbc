#pragma once
// A schema file's text, held for as long as it is being read.
//
// Why: a regular file is mapped rather than copied into a buffer. Each new
// page of memory a process touches costs a page fault (about 10 µs on the
// virtual machines this is measured on), and copying 8.7 MB of TOML into a
// string was 2,100 of them; the mapping is filled from the page cache in
// one call. Pipes (--schema <(...)) and empty files are read into a string.
//
// The cost, as with git's and ripgrep's mappings: a file cut short by
// another process while it is being read ends this one (SIGBUS). Files are
// read and checked before any step runs, so nothing has changed by then.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace schemactl {

class FileText {
public:
    // The file's text, or nullopt when it cannot be opened or read (errno
    // says why).
    static std::optional<FileText> open(const std::filesystem::path& path);

    FileText(FileText&& other) noexcept;
    FileText& operator=(FileText&&) = delete;
    FileText(const FileText&) = delete;
    FileText& operator=(const FileText&) = delete;
    ~FileText();

    std::string_view view() const { return map_ ? std::string_view(map_, size_) : std::string_view(copy_); }

private:
    FileText() = default;
    const char* map_ = nullptr;  // the mapping, or null when the text is in copy_
    std::size_t size_ = 0;
    std::string copy_;
};

}  // namespace schemactl
