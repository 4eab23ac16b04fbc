#include "dialect/shared_library.hpp"

#include <dlfcn.h>

#include "schema/error.hpp"

namespace schemactl {

SharedLibrary::SharedLibrary(std::string soname, std::string package)
    : soname_(std::move(soname)), package_(std::move(package)) {}

SharedLibrary::~SharedLibrary() {
    // Not closed: other static objects' destructors (connections closed at
    // exit) may still call into it.
}

void* SharedLibrary::symbol(const char* name) {
    std::lock_guard lock(mutex_);
    if (!handle_) {
        handle_ = dlopen(soname_.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle_) {
            const char* why = dlerror();
            throw Error("cannot load " + soname_ + " (" + (why ? why : "unknown reason") +
                        "): install the Debian package " + package_ + " (apt-get install " + package_ + ")");
        }
    }
    dlerror();
    void* p = dlsym(handle_, name);
    if (!p) throw Error("the installed " + soname_ + " has no " + name + ": install a current " + package_);
    return p;
}

}  // namespace schemactl
