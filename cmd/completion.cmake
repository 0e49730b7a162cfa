# kubec completion: the completion scripts, the hidden __complete/__completeNoDesc commands
# and the man page generator (__gen-man).
list(APPEND KC_SOURCES cmd/complete.c cmd/gen-man.c)
