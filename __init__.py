from . import models
from . import tools
from .hooks import pre_init_hook
