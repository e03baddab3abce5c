#pragma once
// The commands, one file each. Each adds its subcommand to the app and
// returns what runs it once the whole command line has been parsed.
#include <functional>

#include "context.hpp"

namespace CLI {
class App;
}

namespace app {

struct Command {
    CLI::App* sub;
    std::function<void(Context&)> run;
};

Command cmd_init(CLI::App& cli);
Command cmd_create(CLI::App& cli);
Command cmd_add(CLI::App& cli);
Command cmd_list(CLI::App& cli);
Command cmd_show(CLI::App& cli);
Command cmd_search(CLI::App& cli);
Command cmd_edit(CLI::App& cli);
Command cmd_rename(CLI::App& cli);
Command cmd_rm(CLI::App& cli);
Command cmd_drop(CLI::App& cli);
Command cmd_export(CLI::App& cli);
Command cmd_import(CLI::App& cli);
Command cmd_history(CLI::App& cli);
Command cmd_undo(CLI::App& cli);

}  // namespace app
