package ddm.conformance.validate;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The code Byte Buddy inlines around each advised protocol method: {@link Recording#enter} on entry, and on exit,
 * normal or by an exception, {@link Recording#exit} with the method's name, arguments and result. The protocol
 * classes themselves are not edited; only their loaded bytecode gains these two calls.
 */
final class ActionAdvice {

    private ActionAdvice() {}

    @Advice.OnMethodEnter
    static void enter(@Advice.This Object node) {
        Recording.enter(node);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.This Object node, @Advice.Origin("#m") String method,
                     @Advice.AllArguments Object[] args,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Thrown Throwable thrown) {
        Recording.exit(node, method, args, returned, thrown);
    }
}
