#include "archive/entry.hpp"
