#pragma once
// A value that most model objects leave empty: a column's comment, collation,
// enum values, overrides... It is one pointer wide, not the value's own size
// (32 bytes for a string, 48 for a map), so that two models of 100,000
// columns fit in the memory target (docs/performance.md). It is still a
// value: copies are deep, comparison is by value, and an unset one reads as
// an empty T.
//     c.comment = "why";               // set (an empty value frees it)
//     if (c.comment.empty()) ...       // read like the T itself
//     c.enum_values.edit().push_back(v);  // change in place
#include <fmt/core.h>

#include <cstddef>
#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>

namespace schemactl {

template <class T>
class Rare {
public:
    Rare() = default;
    Rare(T v) { set(std::move(v)); }  // NOLINT(google-explicit-constructor): reads as a T
    template <class U>
    requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::remove_cvref_t<U>, Rare> &&
             !std::is_same_v<std::remove_cvref_t<U>, T>) Rare(U&& u)
        : Rare(T(std::forward<U>(u))) {}  // NOLINT(google-explicit-constructor)
    Rare(const Rare& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
    Rare(Rare&&) noexcept = default;
    Rare& operator=(const Rare& o) {
        if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
        return *this;
    }
    Rare& operator=(Rare&&) noexcept = default;
    Rare& operator=(T v) {  // for braced lists: enum_values = {"a", "b"}
        set(std::move(v));
        return *this;
    }
    template <class U>
    requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::remove_cvref_t<U>, Rare>) Rare& operator=(U&& u) {
        set(T(std::forward<U>(u)));
        return *this;
    }
    ~Rare() = default;

    const T& get() const { return p_ ? *p_ : none(); }
    operator const T&() const { return get(); }  // NOLINT(google-explicit-constructor)
    const T& operator*() const { return get(); }
    const T* operator->() const { return &get(); }
    // The value to change in place (allocated on first use).
    T& edit() {
        if (!p_) p_ = std::make_unique<T>();
        return *p_;
    }

    operator std::string_view() const  // NOLINT(google-explicit-constructor)
        requires std::is_convertible_v<const T&, std::string_view> {
        return get();
    }
    decltype(auto) operator[](std::size_t i) const requires requires(const T& t) { t[i]; }
    { return get()[i]; }

    bool empty() const { return !p_ || p_->empty(); }
    void clear() { p_.reset(); }
    auto size() const { return get().size(); }
    auto begin() const { return get().begin(); }
    auto end() const { return get().end(); }

    friend bool operator==(const Rare& a, const Rare& b) { return a.get() == b.get(); }
    // A template, so that `comment == "text"` is not ambiguous between
    // converting "text" to a T and to a Rare.
    template <class U>
    requires(!std::is_same_v<U, Rare>) friend bool operator==(const Rare& a, const U& b) { return a.get() == b; }

    // "COMMENT " + c.comment, as with the T itself.
    template <class U>
    requires(!std::is_same_v<U, Rare> && requires(const U& a, const T& b) { a + b; }) friend auto operator+(
        const U& a, const Rare& b) {
        return a + b.get();
    }
    template <class U>
    requires(!std::is_same_v<U, Rare> && requires(const T& a, const U& b) { a + b; }) friend auto operator+(
        const Rare& a, const U& b) {
        return a.get() + b;
    }

private:
    void set(T v) {
        if (v.empty()) p_.reset();
        else if (p_) *p_ = std::move(v);
        else p_ = std::make_unique<T>(std::move(v));
    }
    static const T& none() {
        static const T empty_value{};
        return empty_value;
    }
    std::unique_ptr<T> p_;
};

}  // namespace schemactl

// fmt::format("{}", c.comment) formats the value.
template <class T, class Char>
struct fmt::formatter<schemactl::Rare<T>, Char> : fmt::formatter<T, Char> {
    template <class Context>
    auto format(const schemactl::Rare<T>& r, Context& ctx) const {
        return fmt::formatter<T, Char>::format(r.get(), ctx);
    }
};
