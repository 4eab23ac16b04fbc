#pragma once
// A client library opened when its dialect is first used, not at start-up:
// libpq and libmariadb pull in 24 more shared libraries (OpenSSL, Kerberos,
// LDAP, GnuTLS), which every run paid for before main(), SQLite runs included.
#include <mutex>
#include <string>

namespace schemactl {

class SharedLibrary {
public:
    // soname: "libpq.so.5"; package: the Debian package that ships it, named
    // in the error when the library is missing.
    SharedLibrary(std::string soname, std::string package);
    ~SharedLibrary();
    SharedLibrary(const SharedLibrary&) = delete;
    SharedLibrary& operator=(const SharedLibrary&) = delete;

    // The address of `name`; opens the library on first use. Throws Error
    // naming the library and its package when either is missing.
    void* symbol(const char* name);

private:
    std::string soname_, package_;
    void* handle_ = nullptr;
    std::mutex mutex_;  // tests open connections from several threads
};

}  // namespace schemactl

// Defines the C function `name` (declared by the client's header) as a call
// through `lib` (a SharedLibrary&), resolved on the first call.
#define SCHEMACTL_FORWARD(lib, ret, name, params, args)                                 \
    extern "C" ret name params {                                                        \
        static auto* const fn = reinterpret_cast<decltype(&name)>((lib).symbol(#name)); \
        return fn args;                                                                 \
    }
