#include "snapshot/snapshot_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "schema/error.hpp"

namespace schemactl {

Snapshot load_snapshot(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error("cannot read snapshot " + path +
                    ": it is a folder; pass the file `schemactl inspect --snapshot` wrote");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("cannot read snapshot " + path + ": " + std::strerror(errno) +
                    "; make one with `schemactl inspect --db URL --snapshot " + path + "`");
    std::ostringstream text;
    text << in.rdbuf();
    return read_snapshot(text.str(), path);
}

void save_snapshot(const std::string& path, const Snapshot& s) {
    std::string text = write_snapshot(s);
    std::filesystem::path target(path);
    std::filesystem::path tmp = target;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out)
            throw Error("cannot write snapshot " + path + ": " + std::strerror(errno) +
                        "; check that the folder exists and is writable");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, target, ec);
    if (ec) {
        std::string why = ec.message();
        std::filesystem::remove(tmp, ec);
        throw Error("cannot write snapshot " + path + ": " + why + "; check that the folder is writable");
    }
}

}  // namespace schemactl
