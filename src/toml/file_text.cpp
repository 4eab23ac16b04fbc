#include "toml/file_text.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace schemactl {

namespace {

// Closes the descriptor on every path out; the mapping outlives it.
struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

std::optional<FileText> FileText::open(const std::filesystem::path& path) {
    Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (f.fd < 0) return std::nullopt;
    FileText t;
    struct stat st {};
    if (::fstat(f.fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        const auto size = static_cast<std::size_t>(st.st_size);
        void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, f.fd, 0);
        if (p != MAP_FAILED) {
            t.map_ = static_cast<const char*>(p);
            t.size_ = size;
            return t;
        }
    }
    // Not a regular file (a pipe), empty, or not mappable: read it in blocks.
    char block[1 << 16];
    for (ssize_t n; (n = ::read(f.fd, block, sizeof block)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return std::nullopt;
        t.copy_.append(block, static_cast<std::size_t>(n));
    }
    return t;
}

FileText::FileText(FileText&& other) noexcept
    : map_(std::exchange(other.map_, nullptr)), size_(std::exchange(other.size_, 0)), copy_(std::move(other.copy_)) {}

FileText::~FileText() {
    if (map_) ::munmap(const_cast<char*>(map_), size_);
}

}  // namespace schemactl
