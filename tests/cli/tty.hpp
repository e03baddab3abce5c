#pragma once
// The one thing the harness's Process does not do: a child whose stderr is a
// terminal (a pseudo-terminal), for output meant only for people, such as a
// progress line. stdin is /dev/null, stdout a pipe.
#include <string>
#include <vector>

#include "harness.hpp"

namespace cli {

// Runs argv (argv[0] a path) to completion in opts.cwd with
// base_environment(opts.env); Result::err is what the terminal received
// (its newlines come back as \r\n). Times out after opts.timeout.
Result run_with_tty_stderr(const std::vector<std::string>& argv, const RunOptions& opts);

}  // namespace cli
