#include "notes/suggest.hpp"

#include <utf8proc.h>

#include <algorithm>

#include "orm/text/utf8.hpp"

namespace notes {

namespace {

// Case does not count, accents do: "café" is one edit from "cafe".
std::vector<utf8proc_int32_t> code_points(std::string_view text) {
    std::vector<utf8proc_int32_t> out;
    for (const auto& cp : orm::text::code_points(text))
        out.push_back(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp.value)));
    return out;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    const auto x = code_points(a), y = code_points(b);
    std::vector<std::size_t> row(y.size() + 1);
    for (std::size_t j = 0; j <= y.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= x.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= y.size(); ++j) {
            const auto above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[y.size()];
}

std::optional<std::string> closest(std::string_view name, const std::vector<std::string>& names) {
    // Close enough: a typo or two, never more than a third of the name.
    const std::size_t limit =
        std::max<std::size_t>(1, std::min<std::size_t>(3, code_points(name).size() / 3 + 1));
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (const auto& candidate : names) {
        const auto d = edit_distance(name, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

}  // namespace notes
