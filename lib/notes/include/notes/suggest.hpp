#pragma once
// "Did you mean": the closest name by edit distance, when close enough.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace notes {

// Edit distance counted in code points (insert, delete, substitute).
std::size_t edit_distance(std::string_view a, std::string_view b);
std::optional<std::string> closest(std::string_view name, const std::vector<std::string>& names);

}  // namespace notes
