#include "schema/names.hpp"

#include "schema/text.hpp"

namespace schemactl {

namespace {

// Simple (one-to-one) lower-case mapping of the scripts whose case pairs
// MySQL's utf8 identifier comparison folds: Latin, Greek, Cyrillic, Armenian,
// fullwidth Latin. Other characters compare as they are.
char32_t lower(char32_t c) {
    auto even_pair = [&](char32_t lo, char32_t hi) { return c >= lo && c <= hi && (c - lo) % 2 == 0; };
    if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 0x20 : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
    if (even_pair(0x100, 0x137) || even_pair(0x139, 0x148) || even_pair(0x14A, 0x177) || even_pair(0x179, 0x17E))
        return c + 1;
    if (c == 0x178) return 0xFF;
    if (c == 0x1C4 || c == 0x1C5) return 0x1C6;  // DŽ Dž dž
    if (c == 0x1C7 || c == 0x1C8) return 0x1C9;
    if (c == 0x1CA || c == 0x1CB) return 0x1CC;
    if (c == 0x1F1 || c == 0x1F2) return 0x1F3;
    if (even_pair(0x1CD, 0x1DC) || even_pair(0x1DE, 0x1EF) || even_pair(0x1F8, 0x21F) || even_pair(0x222, 0x233) ||
        even_pair(0x246, 0x24F))
        return c + 1;
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 0x25;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 0x3F;
    if ((c >= 0x391 && c <= 0x3A1) || (c >= 0x3A3 && c <= 0x3AB)) return c + 0x20;
    if (c == 0x3C2) return 0x3C3;  // final sigma: both are Σ in upper case
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;
    if (c >= 0x410 && c <= 0x42F) return c + 0x20;
    if (c == 0x4C0) return 0x4CF;
    if (even_pair(0x460, 0x481) || even_pair(0x48A, 0x4BF) || even_pair(0x4D0, 0x52F)) return c + 1;
    if (c >= 0x4C1 && c <= 0x4CE && (c - 0x4C1) % 2 == 0) return c + 1;
    if (c >= 0x531 && c <= 0x556) return c + 0x30;
    if (even_pair(0x1E00, 0x1E95) || even_pair(0x1EA0, 0x1EFF)) return c + 1;
    if (c >= 0xFF21 && c <= 0xFF3A) return c + 0x20;
    return c;
}

// One code point from s at i (advancing i); an invalid byte is returned as itself.
char32_t decode(std::string_view s, std::size_t& i) {
    auto b = static_cast<unsigned char>(s[i]);
    int n = b < 0x80 ? 0 : (b >> 5) == 0x6 ? 1 : (b >> 4) == 0xE ? 2 : (b >> 3) == 0x1E ? 3 : -1;
    if (n == 0) return ++i, b;
    if (n < 0 || i + static_cast<std::size_t>(n) >= s.size()) {
        ++i;
        return b;
    }
    char32_t c = n == 1 ? (b & 0x1F) : n == 2 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k <= n; ++k) {
        auto cb = static_cast<unsigned char>(s[i + k]);
        if ((cb & 0xC0) != 0x80) {
            ++i;
            return b;
        }
        c = (c << 6) | (cb & 0x3F);
    }
    i += n + 1;
    return c;
}

void encode(char32_t c, std::string& out) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

}  // namespace

std::string name_key(std::string_view name, NameCase how) {
    std::string out;
    out.reserve(name.size());
    switch (how) {
        case NameCase::exact: out = name; break;
        case NameCase::ascii:
            for (char ch : name) out += lower_ascii(ch);
            break;
        case NameCase::unicode:
            for (std::size_t i = 0; i < name.size();) {
                if (static_cast<unsigned char>(name[i]) < 0x80) {  // ASCII: no decoding
                    out += lower_ascii(name[i]);
                    ++i;
                    continue;
                }
                std::size_t at = i;
                char32_t c = decode(name, i);
                if (i - at == 1 && c >= 0x80) out += name[at];  // not UTF-8: keep the byte
                else encode(lower(c), out);
            }
            break;
    }
    return out;
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        std::size_t at = i;
        char32_t c = decode(s, i);
        if (i - at == 1 && c >= 0x80) return false;
        std::size_t n = i - at;  // reject overlong forms and surrogates
        if ((n == 2 && c < 0x80) || (n == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
            (n == 4 && (c < 0x10000 || c > 0x10FFFF)))
            return false;
    }
    return true;
}

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return s.substr(0, end);
}

}  // namespace schemactl
