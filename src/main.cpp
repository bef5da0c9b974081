#include "cli/app.hpp"

int main(int argc, char** argv)
{
    return ssosnap::cli::main(argc, argv);
}
