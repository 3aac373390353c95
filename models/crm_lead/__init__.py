from . import keys
from . import similar
from . import similar_actions
from . import merge
from . import late_arrivals
