#include "archive/lint.hpp"
