import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeFunctionName } from '../../../src/triage/function-name.js';
import { corpusFolder } from '../../fixtures/corpus.js';

const cdb = corpusFolder('cdb');

describe('normalizeFunctionName', () => {
  it.each([
    // parameter lists, qualifiers, gdb argument values
    ['Player::Update(unsigned int)', 'Player::Update'],
    ['WorldSession::HandleMovementOpcodes(WorldPacket&)', 'WorldSession::HandleMovementOpcodes'],
    ['Playerbot::BotAI::UpdateAI(unsigned int, bool)', 'Playerbot::BotAI::UpdateAI'],
    ['Unit::GetVictim() const', 'Unit::GetVictim'],
    ['Foo::bar() const &&', 'Foo::bar'],
    ['0x00005555556a1b2c in Player::Update (this=0x5555, diff=50)', 'Player::Update'],
    ['Player::Update (this=0x1, s="a)b", c=41 \')\')', 'Player::Update'],
    // MSVC module prefix, offsets, typed parameters, calling conventions, return types
    ['worldserver!Player::Update+0x1a', 'Player::Update'],
    ['worldserver!Player::Update', 'Player::Update'],
    ['Player::Update+26', 'Player::Update'],
    ['void __cdecl Foo::bar<int>(int)', 'Foo::bar'],
    [
      'class std::basic_string<char,struct std::char_traits<char>,class std::allocator<char> > __cdecl Foo::name(void)',
      'Foo::name',
    ],
    [
      'VCRUNTIME140!__FrameHandler3::FrameUnwindToState(unsigned int64 * pRN = 0x000000d1`1bff73c8, int targetState = 0n-1)+0x112',
      '__FrameHandler3::FrameUnwindToState',
    ],
    ['char *strdup_x(char const*)', 'strdup_x'],
    ['std::vector<int> const& Foo::items() const', 'Foo::items'],
    // templates
    ['std::vector<int, std::allocator<int> >::push_back(int const&)', 'std::vector::push_back'],
    [
      'std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >::_M_create(unsigned long&, unsigned long)',
      'std::__cxx11::basic_string::_M_create',
    ],
    [
      'Map::Visit<Trinity::GridVisitor<Foo> >(Cell const&, TypeContainerVisitor<Trinity::GridVisitor<Foo>, TypeMapContainer<AllObjects> >&)',
      'Map::Visit',
    ],
    ['std::function<void (int)>::operator()(int) const', 'std::function::operator()'],
    ['std::unique_ptr<Foo, std::default_delete<Foo>>::operator->() const', 'std::unique_ptr::operator->'],
    // operators
    ['operator<<(std::ostream&, Foo const&)', 'operator<<'],
    ['std::operator<< <std::char_traits<char> >(std::basic_ostream<char, std::char_traits<char> >&, char const*)', 'std::operator<<'],
    ['bool operator< <int>(Foo<int> const&, Foo<int> const&)', 'operator<'],
    ['Foo::operator<=>(Foo const&) const', 'Foo::operator<=>'],
    ['Foo::operator>>=(int)', 'Foo::operator>>='],
    ['Foo::operator()(int) const', 'Foo::operator()'],
    ['Foo::operator[](unsigned long)', 'Foo::operator[]'],
    ['Foo::operator bool() const', 'Foo::operator bool'],
    ['Foo::operator char const*() const', 'Foo::operator char const*'],
    ['operator new(unsigned long)', 'operator new'],
    ['operator delete[](void*, unsigned long)', 'operator delete[]'],
    ['app!operator!=+0x10', 'operator!='],
    ['operator!=', 'operator!='],
    ['operator""_km(unsigned long long)', 'operator""_km'],
    // ABI tags, anonymous namespaces, thunks, destructors, clones
    ['Foo::bar[abi:cxx11]() const', 'Foo::bar'],
    ['(anonymous namespace)::helper(int)', 'helper'],
    ['Game::(anonymous namespace)::Visitor::Visit(Unit*)', 'Game::Visitor::Visit'],
    ["`anonymous namespace'::Foo::bar", 'Foo::bar'],
    ['non-virtual thunk to Foo::bar()', 'Foo::bar'],
    ['virtual thunk to Foo::~Foo()', 'Foo::~Foo'],
    ["Foo::`scalar deleting destructor'(unsigned int)", "Foo::`scalar deleting destructor'"],
    ['Foo::bar(int) [clone .constprop.0]', 'Foo::bar'],
    ['Foo::bar(int) [clone .isra.0] [clone .cold]', 'Foo::bar'],
    ['Foo::bar.cold', 'Foo::bar'],
    ['foo.isra.0', 'foo'],
    ['foo.constprop.0.isra.0', 'foo'],
    ['foo.part.3', 'foo'],
    ['foo.llvm.1234567890', 'foo'],
    // lambdas
    ['World::Update(unsigned int)::{lambda(Player*)#1}::operator()(Player*) const', 'World::Update::{lambda}::operator()'],
    ['{lambda(std::function<void (int)>)#2}::operator()', '{lambda}::operator()'],
    ['World::NetworkLoop()::<lambda()>::operator()(void) const', 'World::NetworkLoop::{lambda}::operator()'],
    ['std::condition_variable::wait<World::NetworkLoop()::<lambda()> >(std::unique_lock<std::mutex> &, struct {...})', 'std::condition_variable::wait'],
    ['worldserver!World::Update::__l2::<lambda_1a2b3c4d5e6f7a8b>::operator()+0x2c', 'World::Update::{lambda}::operator()'],
    ["Foo::Bar()::'lambda'(int)::operator()(int) const", 'Foo::Bar::{lambda}::operator()'],
    ['Foo::Bar()::$_0::operator()() const', 'Foo::Bar::{lambda}::operator()'],
    ['std::_Func_impl_no_alloc<<lambda_0f1e>,void>::_Do_call', 'std::_Func_impl_no_alloc::_Do_call'],
    // not names
    ['<signal handler called>', '<signal handler called>'],
    ['??', ''],
    ['0x7ffff7a42428', ''],
    ['00007ff6`a1b2c3d4', ''],
    ['', ''],
    // short names that happen to be hex are still names
    ['add', 'add'],
    ['  main  ', 'main'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeFunctionName(raw)).toBe(expected);
  });

  it('gives the same name for the same function across template arguments, arguments and lambda numbers', () => {
    const variants = [
      'Trinity::Containers::Visit<Player>(Player*, int)',
      'Trinity::Containers::Visit<Creature, std::allocator<Creature> >(Creature*, int)',
      'worldserver!Trinity::Containers::Visit<Unit *>+0x2a',
    ];
    expect(new Set(variants.map(normalizeFunctionName))).toEqual(new Set(['Trinity::Containers::Visit']));
    expect(normalizeFunctionName('Foo::run()::{lambda()#1}::operator()() const')).toBe(
      normalizeFunctionName('Foo::run()::{lambda()#7}::operator()() const'),
    );
  });

  it('is idempotent', () => {
    for (const raw of ['std::vector<int>::push_back(int const&)', 'World::Update(unsigned int)::{lambda(Player*)#1}::operator()(Player*) const']) {
      const once = normalizeFunctionName(raw);
      expect(normalizeFunctionName(once)).toBe(once);
    }
  });

  cdb.it('reduces every symbolised frame of the shared cdb corpus to a bare name', () => {
    const frames = cdb
      .list('.json')
      .flatMap((f) => (JSON.parse(readFileSync(cdb.file(f), 'utf8')) as { expected: { top_frames: string[] } }).expected.top_frames)
      .filter((frame) => /^[\w.-]+!/.test(frame));
    expect(frames.length).toBeGreaterThan(40);
    for (const frame of frames) {
      const name = normalizeFunctionName(frame);
      expect(name, frame).not.toBe('');
      expect(name, frame).not.toMatch(/^[\w.-]+!|\+0x|\(|`/);
    }
  });
});
