import { describe, expect, it } from 'vitest';
import { gdbStyleName } from '../../../../src/adapters/native/gdb-style-name.js';

describe('gdbStyleName', () => {
  it.each([
    ['BotAI::CollectLoot(LootItem const*)', 'BotAI::CollectLoot'],
    ['World::AverageLatency() const', 'World::AverageLatency'],
    ['unsigned int World::AverageLatency() const', 'World::AverageLatency'],
    ['Foo::get() &&', 'Foo::get'],
    ['void std::__invoke_impl<void, void (A::*)(int), A*>(std::__invoke_memfun_deref, void (A::*&&)(int), A*&&)', 'std::__invoke_impl<void, void (A::*)(int), A*>'],
    ['std::thread::_Invoker<std::tuple<int> >::operator()()', 'std::thread::_Invoker<std::tuple<int> >::operator()'],
    ['bool operator<(Foo const&, Foo const&)', 'operator<'],
    ['std::ostream& std::operator<< <std::char_traits<char> >(std::ostream&, char const*)', 'std::operator<< <std::char_traits<char> >'],
    ['Foo::operator bool() const', 'Foo::operator bool'],
    ['operator new(unsigned long)', 'operator new'],
    ['Foo* Bar::operator->()', 'Bar::operator->'],
    ['(anonymous namespace)::PrintUsage()', '(anonymous namespace)::PrintUsage'],
    ['Foo::~Foo()', 'Foo::~Foo'],
  ])('%s → %s', (name, expected) => {
    expect(gdbStyleName(name)).toBe(expected);
  });

  it('keeps a name without a parameter list whole (C functions, .dynsym names)', () => {
    expect(gdbStyleName('__pthread_kill_implementation')).toBe('__pthread_kill_implementation');
    expect(gdbStyleName('main')).toBe('main');
    expect(gdbStyleName('<signal handler called>')).toBe('<signal handler called>');
  });
});
