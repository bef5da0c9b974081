#include "archive/classify.hpp"
