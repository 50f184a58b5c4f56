package io.jenkins.plugins.cacheddockerbuild.engine.testing;

import io.jenkins.plugins.cacheddockerbuild.engine.api.Command;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A fake docker: records every {@link Command} it is given and answers from a script of rules, each keyed
 * by an argv prefix (without the executable). The first matching rule answers; a command no rule matches
 * succeeds with empty output. Output lines of an answer are fed to the command's line sink, as a real
 * runner would. Thread-safe, since the engine resolves, pulls and pushes in parallel.
 */
public final class ScriptedRunner implements CommandRunner {

    /** What a rule does with a matching command. */
    @FunctionalInterface
    public interface Answer {
        CommandResult answer(Command command) throws IOException, InterruptedException;
    }

    private record Rule(Predicate<List<String>> matches, Answer answer) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private final List<Command> commands = new ArrayList<>();

    /** Answers commands whose arguments (after the executable) start with {@code prefix}. */
    public synchronized ScriptedRunner on(List<String> prefix, Answer answer) {
        rules.add(new Rule(args -> args.size() >= prefix.size() && args.subList(0, prefix.size()).equals(prefix),
                answer));
        return this;
    }

    /** Answers commands whose arguments (after the executable) contain {@code argument}. */
    public synchronized ScriptedRunner onArgument(String first, String argument, Answer answer) {
        rules.add(new Rule(args -> !args.isEmpty() && args.get(0).equals(first) && args.contains(argument), answer));
        return this;
    }

    public static Answer succeed(String stdout) {
        return command -> new CommandResult(0, stdout, "");
    }

    public static Answer fail(int exitCode, String stderr) {
        return command -> new CommandResult(exitCode, "", stderr);
    }

    public static Answer fail(int exitCode, String stdout, String stderr) {
        return command -> new CommandResult(exitCode, stdout, stderr);
    }

    public static Answer error(IOException failure) {
        return command -> {
            throw failure;
        };
    }

    @Override
    public CommandResult run(Command command) throws IOException, InterruptedException {
        Answer answer;
        synchronized (this) {
            commands.add(command);
            List<String> args = command.argv().subList(1, command.argv().size());
            answer = rules.stream().filter(rule -> rule.matches().test(args)).map(Rule::answer).findFirst()
                    .orElse(succeed(""));
        }
        CommandResult result = answer.answer(command);
        if (command.lineSink() != null) {
            for (String text : List.of(result.stdout(), result.stderr())) {
                text.lines().forEach(command.lineSink());
            }
        }
        return result;
    }

    /** Every command run so far, in the order they arrived. */
    public synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    /** The argument lists (executable left out) of every command run so far. */
    public synchronized List<List<String>> arguments() {
        return commands.stream().map(command -> command.argv().subList(1, command.argv().size())).toList();
    }
}
